"""Many TLS 1.2 RSA-key-exchange sessions on the loopback, the ESP8266's suite (AES128-SHA), for the
decrypt benchmark: Python's ssl module (OpenSSL) on both sides, the client writing an NSS key log.

usage: krsa_sessions.py PORT SESSIONS BYTES CERT KEY KEYLOG
Each client sends BYTES of text, the server answers them upper-cased, both close. Prints the number
of sessions that completed.
"""
import asyncio
import ssl
import sys

port, sessions, size = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
cert, key, keylog = sys.argv[4], sys.argv[5], sys.argv[6]
CONCURRENCY = 8
LINE = b"the board says hello over kRSA, line %06d\n"


def payload(n):
    out = bytearray()
    i = 0
    while len(out) < size:
        out += LINE % (n * 1000 + i)
        i += 1
    return bytes(out[:size - 1]) + b"\n"


async def serve(reader, writer):
    try:
        data = await reader.readexactly(size)
        writer.write(data.upper())
        await writer.drain()
    finally:
        writer.close()


async def client(n, ctx, gate, done):
    async with gate:
        reader, writer = await asyncio.open_connection("127.0.0.1", port, ssl=ctx, server_hostname="localhost")
        data = payload(n)
        writer.write(data)
        await writer.drain()
        answer = await reader.readexactly(size)
        assert answer == data.upper()
        writer.close()
        try:
            await writer.wait_closed()
        except (ssl.SSLError, ConnectionError):
            pass
        done.append(n)


async def main():
    server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server_ctx.load_cert_chain(cert, key)
    server_ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    server_ctx.set_ciphers("AES128-SHA")
    client_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    client_ctx.check_hostname = False
    client_ctx.verify_mode = ssl.CERT_NONE
    client_ctx.maximum_version = ssl.TLSVersion.TLSv1_2
    client_ctx.set_ciphers("AES128-SHA")
    client_ctx.keylog_filename = keylog
    server = await asyncio.start_server(serve, "127.0.0.1", port, ssl=server_ctx)
    gate = asyncio.Semaphore(CONCURRENCY)
    done = []
    async with server:
        await asyncio.gather(*(client(n, client_ctx, gate, done) for n in range(sessions)))
    print(len(done))


asyncio.run(main())
