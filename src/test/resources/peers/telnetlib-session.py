# A scripted login to bin/telnet4j-server with Python telnetlib: first prompt, help, status, quit.
# Prints "TTFP <ms>" (connect to the first prompt); run by ScriptedPeersTest.
import sys, time, warnings
warnings.simplefilter("ignore")
import telnetlib
t0 = time.monotonic()
tn = telnetlib.Telnet("127.0.0.1", int(sys.argv[1]), 10)
first = tn.read_until(b"telnet4j> ", 10)
print("TTFP %d" % ((time.monotonic() - t0) * 1000))
print(first.decode("utf-8", "replace"))
for cmd in (b"help", b"status"):
    tn.write(cmd + b"\r\n")
    print(tn.read_until(b"telnet4j> ", 10).decode("utf-8", "replace"))
tn.write(b"quit\r\n")
print(tn.read_all().decode("utf-8", "replace"))
