# The Nostr relay of `cargo xtask relay` and of the end-to-end tests: rust-nostr's LocalRelay
# (the `nostr-sdk` wheel from PyPI, pinned in xtask/src/versions.rs), on loopback, in memory.
# Usage: relay.py PORT. Prints "relay ws://127.0.0.1:PORT" once it listens; stops on SIGTERM.
import asyncio
import signal
import sys

from nostr_sdk import LocalRelayBuilder, RateLimit


async def main(port: int) -> None:
    builder = LocalRelayBuilder().addr("127.0.0.1").port(port)
    # The tests' rooms send far less than this; a public relay's limits are lower.
    builder = builder.rate_limit(RateLimit(max_reqs=500, notes_per_minute=100_000))
    relay = builder.build()
    await relay.run()
    print(f"relay {await relay.url()}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    relay.shutdown()


asyncio.run(main(int(sys.argv[1])))
