# The seed article's sslclient.py (shared/seeds/python-tls-wireshark.txt), made testable. The one
# copy every module's tests run, through dev.ussllab.testsupport.peers.SeedClient.
#   seed_client.py HOST PORT CAFILE [--message TEXT] [--default-context] [--show-session]
# HOST, PORT and the CA file come from the command line; everything else (TLS 1.2 only, no
# hostname check, set_ciphers('kRSA'), the message, recv(1024), the two printed lines) is the
# seed's. --default-context swaps the seed's context for Python's defaults
# (ssl.create_default_context: TLS 1.2+, forward-secret suites only, host name "localhost"
# checked): the client a Python 3.10+ user gets without the seed's changes. --show-session adds
# the negotiated "Version:" and "Cipher:" lines.
import socket
import ssl
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)  # OP_NO_TLSv1_3, as the seed uses it

HOST, PORT, CAFILE = sys.argv[1], int(sys.argv[2]), sys.argv[3]

data = sys.argv[sys.argv.index("--message") + 1] if "--message" in sys.argv else "Hello Python TLS/SSL Server!"

if "--default-context" in sys.argv:
    context = ssl.create_default_context(cafile=CAFILE)
    server_hostname = "localhost"
else:
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.options |= ssl.OP_NO_TLSv1_3
    context.check_hostname = False
    context.load_verify_locations(CAFILE)
    context.set_ciphers('kRSA')
    server_hostname = None

sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
sock.settimeout(10)
ssock = context.wrap_socket(sock, server_hostname=server_hostname)

ssock.connect((HOST, PORT))
ssock.sendall(bytes(data + "\n", "utf-8"))

received = str(ssock.recv(1024), "utf-8")
version, cipher = ssock.version(), ssock.cipher()[0]
ssock.close()

print("Sent:     " + data)
print("Received: " + received)
if "--show-session" in sys.argv:
    print("Version:  " + version)
    print("Cipher:   " + cipher)
