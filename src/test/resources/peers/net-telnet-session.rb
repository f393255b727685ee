# A scripted login to bin/telnet4j-server with Ruby net-telnet: first prompt, help, status, quit.
# Prints "TTFP <ms>" (connect to the first prompt); run by ScriptedPeersTest.
require 'net/telnet'
t0 = Process.clock_gettime(Process::CLOCK_MONOTONIC)
t = Net::Telnet.new('Host' => '127.0.0.1', 'Port' => ARGV[0].to_i, 'Timeout' => 10, 'Prompt' => /telnet4j> \z/n)
first = t.waitfor(/telnet4j> \z/n)
puts "TTFP %d" % ((Process.clock_gettime(Process::CLOCK_MONOTONIC) - t0) * 1000)
puts first
puts t.cmd('help')
puts t.cmd('status')
t.puts('quit')
puts t.waitfor(/Goodbye\./)
