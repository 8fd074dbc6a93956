# The Nostr relay of `cargo xtask relay` and of the end-to-end tests: rust-nostr's LocalRelay
# (the `nostr-sdk` wheel from PyPI, pinned in xtask/src/versions.rs), on loopback, in memory.
# Usage: relay.py PORT [--auth] [--notes-per-minute N]. Prints "relay ws://127.0.0.1:PORT" once
# it listens; stops on SIGTERM. `--auth` makes it a relay that wants its users to sign in
# (NIP-42: it answers with `auth-required:`), `--notes-per-minute` one that refuses a faster
# writer with `rate-limited:`, as public relays do.
import argparse
import asyncio
import signal

from nostr_sdk import LocalRelayBuilder, LocalRelayBuilderNip42, LocalRelayBuilderNip42Mode, RateLimit


async def main(port: int, auth: bool, notes_per_minute: int) -> None:
    builder = LocalRelayBuilder().addr("127.0.0.1").port(port)
    # By default far more than the tests' rooms send; a public relay's limits are lower.
    builder = builder.rate_limit(RateLimit(max_reqs=500, notes_per_minute=notes_per_minute))
    if auth:
        builder = builder.nip42(LocalRelayBuilderNip42(mode=LocalRelayBuilderNip42Mode.BOTH))
    relay = builder.build()
    await relay.run()
    print(f"relay {await relay.url()}", flush=True)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, stop.set)
    await stop.wait()
    relay.shutdown()


args = argparse.ArgumentParser(description="A loopback Nostr relay for SprintDeck's rooms.")
args.add_argument("port", type=int)
args.add_argument("--auth", action="store_true", help="refuse every reader and writer with auth-required:")
args.add_argument("--notes-per-minute", type=int, default=100_000, help="refuse a faster writer with rate-limited:")
opts = args.parse_args()
asyncio.run(main(opts.port, opts.auth, opts.notes_per_minute))
