# A scripted login to bin/telnet4j-server with Perl Net::Telnet: first prompt, help, status, quit.
# Prints "TTFP <ms>" (connect to the first prompt); run by ScriptedPeersTest.
use strict; use warnings; use Net::Telnet; use Time::HiRes qw(time);
my $t0 = time;
my $t = Net::Telnet->new(Host => '127.0.0.1', Port => $ARGV[0], Timeout => 10, Prompt => '/telnet4j> $/');
my ($first, $m) = $t->waitfor('/telnet4j> $/');
printf "TTFP %d\n", (time - $t0) * 1000;
print $first, $m, "\n";
print join('', $t->cmd('help')), "\n";
print join('', $t->cmd('status')), "\n";
$t->print('quit');
my ($bye) = $t->waitfor('/Goodbye\./');
print $bye, "Goodbye.\n";
