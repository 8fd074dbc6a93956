// What the room's end-to-end tests and its bench (`bench/room.mjs`) both need from outside the
// app: a free loopback port, the loopback Nostr relay (rust-nostr's LocalRelay, run by
// `xtask/src/relay/relay.py`) started and stopped, and room events made the way a member with
// the link makes them (sealed with the room key from the link, signed by nostr-tools).
// No Playwright here: a plain module.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { webcrypto } from 'node:crypto';
import { finalizeEvent, generateSecretKey } from 'nostr-tools/pure';

/// The event kind of the room's messages (`codec::room_msg` in the core).
export const ROOM_KIND = 24917;

/// A TCP port free on loopback just now.
export async function freePort() {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/// A relay on `port`, listening once this resolves: `python` runs `script` (what `cargo xtask`
/// installs, see `xtask/src/relay.rs`) with `options` (`--auth`, `--notes-per-minute N`).
export async function startRelay({ python, script }, port, options = []) {
  const proc = spawn(python, [script, String(port), ...options], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve, reject) => {
    proc.stdout.on('data', (d) => { if (String(d).includes('relay ws://')) resolve(); });
    proc.on('exit', (code) => reject(new Error(`the relay exited (${code})`)));
  });
  return {
    url: `ws://127.0.0.1:${port}/`,
    stop: () => new Promise((resolve) => { proc.once('exit', resolve); proc.kill('SIGTERM'); }),
  };
}

/// A member with the room link (`…#/room/<base64url>`: a kind byte, the 16-byte room id, the
/// 32-byte room key, then the relays) but with a signing key of its own: `seal(text)` encrypts
/// as the room does (AES-GCM, the room id as associated data) and `frame(content)` is a signed
/// `["EVENT", …]` for a relay.
export async function member(link) {
  const raw = Buffer.from(link.split('#/room/')[1], 'base64url');
  const room = raw.subarray(1, 17);
  const key = await webcrypto.subtle.importKey('raw', raw.subarray(17, 49), 'AES-GCM', false, ['encrypt']);
  const sk = generateSecretKey();
  const tag = Buffer.from(room).toString('hex');
  return {
    seal: async (text) => {
      const iv = webcrypto.getRandomValues(new Uint8Array(12));
      const ct = await webcrypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: room }, key, Buffer.from(text));
      return Buffer.concat([iv, Buffer.from(ct)]).toString('base64url');
    },
    frame: (content) => JSON.stringify(['EVENT', finalizeEvent({
      kind: ROOM_KIND, created_at: Math.floor(Date.now() / 1000), tags: [['h', tag]], content,
    }, sk)]),
  };
}
