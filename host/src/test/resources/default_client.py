# A Python client with the ssl module's defaults (Python 3.10+: TLS 1.2+, forward-secret suites
# only, no RSA key exchange), trusting the lab's cert.pem and checking the host name "localhost".
# Usage: default_client.py HOST PORT CERT MESSAGE. Prints Sent/Received and the negotiated version/suite.
import socket, ssl, sys

host, port, cert, data = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
context = ssl.create_default_context(cafile=cert)
with socket.create_connection((host, port), timeout=10) as sock:
    with context.wrap_socket(sock, server_hostname="localhost") as ssock:
        ssock.sendall(bytes(data + "\n", "utf-8"))
        received = b""
        while True:
            chunk = ssock.recv(1024)
            if not chunk:
                break
            received += chunk
        print("Sent:     " + data)
        print("Received: " + str(received, "utf-8"))
        print("Version:  " + ssock.version())
        print("Cipher:   " + ssock.cipher()[0])
