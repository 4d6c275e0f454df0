#!/usr/bin/env python3
"""Forwards TCP connections to a local port, holding every chunk for a while in each direction.

    delay-proxy.py LISTEN_PORT TARGET_PORT ONE_WAY_DELAY_MS

The benchmark puts it in front of vsftpd's control port: commands and replies then cross a
network with a round trip of twice the delay, as a server on the next continent would give,
while the data connections stay on loopback (EPSV names only a port). Order is kept per
direction; a chunk is never released before its time, nor before the one ahead of it.
"""
import asyncio
import sys

listen_port, target_port, delay = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]) / 1000


async def forward(reader, writer):
    loop = asyncio.get_running_loop()
    held = asyncio.Queue()

    async def take():
        try:
            while True:
                chunk = await reader.read(65536)
                if not chunk:
                    return
                await held.put((loop.time() + delay, chunk))
        finally:
            # A reset connection ends like a closed one: the other side is told, after the delay.
            await held.put((loop.time() + delay, b""))

    async def release():
        while True:
            due, chunk = await held.get()
            if due > loop.time():
                await asyncio.sleep(due - loop.time())
            if not chunk:
                if writer.can_write_eof():
                    writer.write_eof()
                return
            writer.write(chunk)
            await writer.drain()

    await asyncio.gather(take(), release(), return_exceptions=True)


async def serve(client_reader, client_writer):
    try:
        server_reader, server_writer = await asyncio.open_connection("127.0.0.1", target_port)
    except OSError:
        client_writer.close()
        return
    await asyncio.gather(forward(client_reader, server_writer), forward(server_reader, client_writer),
                         return_exceptions=True)
    client_writer.close()
    server_writer.close()


async def main():
    server = await asyncio.start_server(serve, "127.0.0.1", listen_port)
    print(f"delaying 127.0.0.1:{listen_port} -> 127.0.0.1:{target_port} by {delay * 1000:.0f} ms each way",
          flush=True)
    async with server:
        await server.serve_forever()


asyncio.run(main())
