// The live room across devices: each member in their own browser context, the room's messages
// carried by a real Nostr relay on loopback (rust-nostr's LocalRelay, which `cargo xtask test`
// installs and names in NOSTR_RELAY_PYTHON / NOSTR_RELAY_SCRIPT), started and stopped here.
import { readFileSync } from 'node:fs';
import { test, expect, openApp, addStory, freshPage, watchedPage, nav } from './fixtures.mjs';
import { freePort, member, startRelay as startRelayOn } from './nostr-room.mjs';

// Seven browser contexts at once: these run one after the other.
test.describe.configure({ mode: 'serial' });

/// What a hostile member (it has the link, so the room key, but not the facilitator's key)
/// sends, signed with its own key: garbage, a message that breaks the rules, and a state it
/// forged as if it were the facilitator. Sent from a browser page of its own (this Node has no
/// WebSocket).
async function hostile(browser, link, relayUrl) {
  const { seal, frame } = await member(link);
  const forged = JSON.parse(readFileSync(new URL('../../core/tests/fixtures/room/state-waiting-v1.json', import.meta.url)));
  Object.assign(forged.m, { epoch: 0, rev: 9999, chain: [] });
  const contents = [
    Buffer.from('not encrypted at all').toString('base64url'),
    await seal('{"v":1,"m":{"t":"state","epoch":"x"}}'),
    await seal(JSON.stringify(forged)),
  ];
  const frames = contents.map(frame);
  const page = await freshPage(browser);
  await openApp(page);
  await page.evaluate(async ({ url, frames }) => {
    const ws = new WebSocket(url);
    await new Promise((resolve) => { ws.onopen = resolve; });
    for (const f of frames) { ws.send(f); ws.send(f); }
    await new Promise((resolve) => setTimeout(resolve, 500));
    ws.close();
  }, { url: relayUrl, frames });
  expect(page.problems).toEqual([]);
}

/// A relay on `port`, listening once this resolves; `options` make it refuse (`--auth`,
/// `--notes-per-minute N`).
async function startRelay(port, options = []) {
  const { NOSTR_RELAY_PYTHON: python, NOSTR_RELAY_SCRIPT: script } = process.env;
  if (!python || !script) throw new Error('run through `cargo xtask test`, which installs the relay');
  return startRelayOn({ python, script }, port, options);
}

/// The browser's own report of a relay it cannot reach (Chromium logs a failed WebSocket as a
/// console error): allowed for the relays a test takes down, and nothing else.
const onlyRelayFailures = (problems, urls) =>
  problems.filter((p) => !urls.some((u) => p.includes(`WebSocket connection to '${u}' failed`)));

const members = (page) => page.getByRole('list', { name: 'Members' });

async function startRoom(page, relays, name = 'Lin') {
  await nav(page, 'Poker');
  await page.getByRole('link', { name: 'Start a live room' }).click();
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('textbox', { name: 'Relays (one per line)' }).fill(relays.join('\n'));
  await page.getByRole('button', { name: 'Start the room' }).click();
  const link = await page.getByRole('textbox', { name: 'Room link' }).inputValue();
  expect(link).toContain('#/room/');
  return link;
}

/// The facilitator Lin's browser: a board with `stories`, and a room started on `relays`.
async function facilitator(browser, relays, stories = ['Pay by invoice']) {
  const page = await freshPage(browser);
  await openApp(page);
  for (const s of stories) await addStory(page, s);
  const link = await startRoom(page, relays);
  return { page, link };
}

/// A member joins in a browser of their own. With `clock`, that browser's time is Playwright's
/// to move on (a minute of silence without waiting a minute).
async function join(browser, link, name, role = 'Vote', { clock = false } = {}) {
  const page = await freshPage(browser);
  if (clock) await page.clock.install();
  await page.goto(link);
  await page.getByRole('textbox', { name: 'Your name' }).fill(name);
  await page.getByRole('radio', { name: role }).check();
  await page.getByRole('button', { name: 'Join' }).click();
  await expect(page.getByRole('heading', { name: 'Pay by invoice' })).toBeVisible();
  return page;
}

const vote = async (page, label) => {
  await page.getByRole('group', { name: 'Cards' }).getByRole('button', { name: `Card ${label}`, exact: true }).click();
  await expect(page.getByText(`Your vote (${label}) has reached the facilitator.`)).toBeVisible();
};

test('a whole round across seven devices: join, vote, a reload, the relay down and back, garbage, reveal, re-vote, accept', async ({ browser }) => {
  test.setTimeout(240_000);
  const port = await freePort();
  let relay = await startRelay(port);
  try {
    const { page, link } = await facilitator(browser, [relay.url], ['Pay by invoice', 'Refunds']);
    const names = ['Ann', 'Bo', 'Cy', 'Di', 'Ed'];
    const voters = [];
    for (const n of names) voters.push(await join(browser, link, n));
    const watcher = await join(browser, link, 'Sam', 'Watch only (spectator)');
    await expect(members(page).getByRole('listitem')).toHaveCount(7);
    await expect(members(page)).toContainText('Sam — spectator');
    await expect(watcher.getByRole('group', { name: 'Cards' })).toHaveCount(0);
    // Votes appear live, never their values.
    await vote(voters[0], '3');
    await vote(voters[1], '5');
    await expect(members(page)).toContainText('Ann — voted');
    await expect(members(watcher)).toContainText('Bo — voted');
    await expect(members(page)).not.toContainText('3');
    // A voter's tab reloads mid-round and keeps its vote.
    await voters[0].reload();
    await expect(voters[0].getByText('Your vote (3) has reached the facilitator.')).toBeVisible();
    await expect(voters[0].getByRole('button', { name: 'Card 3', exact: true })).toHaveAttribute('aria-pressed', 'true');
    // The relay goes down mid-round, then comes back; votes cast meanwhile get through.
    await relay.stop();
    await vote(voters[2], '5').catch(() => {});
    relay = await startRelay(port);
    await expect(voters[2].getByText('Your vote (5) has reached the facilitator.')).toBeVisible({ timeout: 45_000 });
    // Garbage and a forgery from someone with the link: ignored, counted, the round unaffected.
    await hostile(browser, link, relay.url);
    await expect(page.getByText(/Ignored 3 messages: 1 undecryptable, .*1 invalid, 1 forged, 0 dropped/)).toBeVisible();
    await expect(voters[0].getByText('Your vote (3) has reached the facilitator.')).toBeVisible();
    await expect(members(watcher)).toContainText('Cy — voted');
    await vote(voters[3], '5');
    await vote(voters[4], '8');
    await page.getByRole('group', { name: 'Cards' }).getByRole('button', { name: 'Card 5', exact: true }).click();
    await expect(members(page)).toContainText('Lin (facilitator) — voted');
    await page.getByRole('button', { name: 'Reveal' }).click();
    for (const p of [page, watcher, ...voters]) {
      await expect(p.getByRole('list', { name: 'Revealed votes' })).toContainText('Ed: 8');
    }
    await expect(watcher.locator('.stats')).toContainText('Median5');
    // ROOM_SHOTS=<dir> keeps pictures of the room to look at.
    if (process.env.ROOM_SHOTS) {
      await page.screenshot({ path: `${process.env.ROOM_SHOTS}/facilitator.png`, fullPage: true });
      await voters[1].setViewportSize({ width: 390, height: 844 });
      await voters[1].screenshot({ path: `${process.env.ROOM_SHOTS}/voter-phone.png`, fullPage: true });
    }
    // A re-vote, then the estimate lands on the facilitator's board, as one undoable change.
    await page.getByRole('button', { name: 'Re-vote' }).click();
    for (const [i, p] of voters.entries()) await vote(p, i === 0 ? '3' : '5');
    await page.getByRole('group', { name: 'Cards' }).getByRole('button', { name: 'Card 5', exact: true }).click();
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect(page.getByRole('combobox', { name: 'Estimate to accept' })).toHaveValue('5');
    await page.getByRole('button', { name: 'Accept estimate' }).click();
    await expect(page.getByText('Estimate 5 saved on “Pay by invoice”.')).toBeVisible();
    await expect(watcher.getByRole('heading', { name: 'Refunds' })).toBeVisible();
    await nav(page, 'Backlog');
    await expect(page.getByRole('list', { name: 'Backlog' }).getByRole('listitem').filter({ hasText: 'Pay by invoice' })).toContainText('5');
    for (const p of [page, watcher, ...voters]) expect(onlyRelayFailures(p.problems, [relay.url])).toEqual([]);
  } finally {
    await relay.stop();
  }
});

test('with two relays, one of them down from the start, the round still completes', async ({ browser }) => {
  test.setTimeout(120_000);
  const relay = await startRelay(await freePort());
  const down = `ws://127.0.0.1:${await freePort()}/`;
  try {
    const { page, link } = await facilitator(browser, [down, relay.url]);
    const ann = await join(browser, link, 'Ann');
    await vote(ann, '8');
    await page.getByRole('group', { name: 'Cards' }).getByRole('button', { name: 'Card 8', exact: true }).click();
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect(ann.getByRole('list', { name: 'Revealed votes' })).toContainText('Lin: 8');
    await expect(page.getByText(`${down}: not reachable, trying again`)).toBeVisible();
    for (const p of [page, ann]) expect(onlyRelayFailures(p.problems, [down])).toEqual([]);
  } finally {
    await relay.stop();
  }
});

test('a room link that is damaged says why', async ({ page }) => {
  await openApp(page, '#/room/AAAA');
  await expect(page.getByRole('alert')).toContainText('This room link cannot be opened');
});

test('relays that refuse: one wants a sign-in, one says slow down; the room says so and goes on over the third', async ({ browser }) => {
  test.setTimeout(120_000);
  const auth = await startRelay(await freePort(), ['--auth']);
  const slow = await startRelay(await freePort(), ['--notes-per-minute', '1']);
  const good = await startRelay(await freePort());
  try {
    const { page, link } = await facilitator(browser, [auth.url, slow.url, good.url]);
    const ann = await join(browser, link, 'Ann');
    for (const p of [page, ann]) {
      await expect(p.getByText(`${auth.url}: wants its users to sign in (auth-required): not used`)).toBeVisible();
    }
    await vote(ann, '8');
    await expect(page.getByText(`${slow.url}: asks us to slow down (rate-limited); resting it for 15 s`)).toBeVisible();
    await page.getByRole('group', { name: 'Cards' }).getByRole('button', { name: 'Card 8', exact: true }).click();
    await page.getByRole('button', { name: 'Reveal' }).click();
    await expect(ann.getByRole('list', { name: 'Revealed votes' })).toContainText('Lin: 8');
    await expect(page.getByText(`${good.url}: connected`)).toBeVisible();
    for (const p of [page, ann]) expect(p.problems).toEqual([]);
  } finally {
    await Promise.all([auth.stop(), slow.stop(), good.stop()]);
  }
});

test('the facilitator hands the room over; when that device is gone a member takes over after confirming; away and left show', async ({ browser }) => {
  test.setTimeout(180_000);
  const relay = await startRelay(await freePort());
  try {
    const page = await freshPage(browser);
    await page.clock.install();
    await openApp(page);
    await addStory(page, 'Pay by invoice');
    await addStory(page, 'Refunds');
    const link = await startRoom(page, [relay.url]);
    const ann = await join(browser, link, 'Ann');
    const bo = await join(browser, link, 'Bo', 'Vote', { clock: true });
    await expect(members(page).getByRole('listitem')).toHaveCount(3);
    // A handover: Ann facilitates, Lin (the board's owner) votes like anyone.
    await page.getByRole('combobox', { name: 'Hand the room to' }).selectOption({ label: 'Ann' });
    await page.getByRole('button', { name: 'Hand over' }).click();
    await expect(ann.getByRole('heading', { name: 'Facilitate' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Facilitate' })).toHaveCount(0);
    await expect(members(bo)).toContainText('Ann (facilitator)');
    await vote(page, '5');
    // Ann's device goes away. Nobody may take over before a minute of silence; then Bo can,
    // after saying yes.
    await ann.context().close();
    await expect(bo.getByRole('heading', { name: 'The facilitator is gone' })).toHaveCount(0);
    await bo.clock.fastForward(65_000);
    await expect(bo.getByRole('heading', { name: 'The facilitator is gone' })).toBeVisible();
    await bo.getByRole('button', { name: 'Take over the room' }).click();
    await bo.getByRole('button', { name: 'Yes, take over the room' }).click();
    await expect(bo.getByRole('heading', { name: 'Facilitate' })).toBeVisible();
    // Lin takes Bo as facilitator once she too has not heard Ann for half a minute, and her
    // vote is sealed again, for Bo.
    await page.clock.fastForward(35_000);
    await expect(members(page)).toContainText('Bo (facilitator)');
    await expect(page.getByText('Your vote (5) has reached the facilitator.')).toBeVisible();
    await expect(members(bo)).toContainText('Lin — voted');
    // Ann, unheard for 90 s, is away.
    await bo.clock.fastForward(95_000);
    await expect(members(bo)).toContainText('Ann — away');
    // Bo plays the round to its end; the estimate lands on Lin's board, where the stories are.
    await bo.getByRole('group', { name: 'Cards' }).getByRole('button', { name: 'Card 8', exact: true }).click();
    await bo.getByRole('button', { name: 'Reveal' }).click();
    await expect(page.getByRole('list', { name: 'Revealed votes' })).toContainText('Bo: 8');
    await bo.getByRole('combobox', { name: 'Estimate to accept' }).selectOption('5');
    await bo.getByRole('button', { name: 'Accept estimate' }).click();
    await expect(page.getByText('Estimate 5 saved on “Pay by invoice”.')).toBeVisible();
    await expect(bo.getByRole('heading', { name: 'Refunds' })).toBeVisible();
    // Lin leaves: back on Poker, and counted as left.
    await page.getByRole('button', { name: 'Leave the room' }).click();
    await expect(page).toHaveURL(/#\/poker$/);
    await expect(members(bo)).toContainText('Lin — left');
    // The facilitator is asked before leaving the others behind (nobody else is here now).
    await bo.getByRole('button', { name: 'Leave the room' }).click();
    await expect(bo).toHaveURL(/#\/poker$/);
    await nav(page, 'Backlog');
    await expect(page.getByRole('list', { name: 'Backlog' }).getByRole('listitem').filter({ hasText: 'Pay by invoice' })).toContainText('5');
    for (const p of [page, bo]) expect(p.problems).toEqual([]);
  } finally {
    await relay.stop();
  }
});

test('the facilitator chooses the timer, every member sees it count down, and it can be stopped', async ({ browser }) => {
  test.setTimeout(90_000);
  const relay = await startRelay(await freePort());
  try {
    const { page, link } = await facilitator(browser, [relay.url]);
    const ann = await join(browser, link, 'Ann');
    await page.getByRole('combobox', { name: 'Timer length' }).selectOption({ label: '3 minutes' });
    await page.getByRole('button', { name: 'Start timer' }).click();
    for (const p of [page, ann]) await expect(p.getByLabel('Timer', { exact: true })).toContainText(/^(3:00|2:5\d) left$/);
    await page.getByRole('button', { name: 'Stop timer' }).click();
    await expect(ann.getByLabel('Timer', { exact: true })).not.toContainText('left');
    await expect(page.getByRole('button', { name: 'Stop timer' })).toBeDisabled();
    // With others in the room, the facilitator is asked before leaving.
    await page.getByRole('button', { name: 'Leave the room' }).click();
    await expect(page.getByText('You facilitate this room: hand it over first')).toBeVisible();
    await page.getByRole('button', { name: 'Stay' }).click();
    await expect(page.getByRole('heading', { name: 'Facilitate' })).toBeVisible();
    for (const p of [page, ann]) expect(p.problems).toEqual([]);
  } finally {
    await relay.stop();
  }
});

test('a room takes part from one tab at a time: a second tab says so and can take it; closing it gives the room back', async ({ browser }) => {
  test.setTimeout(90_000);
  const relay = await startRelay(await freePort());
  try {
    const { page, link } = await facilitator(browser, [relay.url]);
    const ann = await join(browser, link, 'Ann');
    const second = await watchedPage(ann.context());
    await second.goto(link);
    await expect(second.getByRole('heading', { name: 'This room is open in another tab' })).toBeVisible();
    await second.getByRole('button', { name: 'Use the room in this tab' }).click();
    await expect(second.getByRole('heading', { name: 'Pay by invoice' })).toBeVisible();
    await expect(ann.getByRole('heading', { name: 'This room is open in another tab' })).toBeVisible();
    await vote(second, '3');
    await expect(members(page)).toContainText('Ann — voted');
    await expect(members(page).getByRole('listitem')).toHaveCount(2);
    // The second tab closes: the first takes the room back by itself, vote and all.
    await second.close();
    await expect(ann.getByText('Your vote (3) has reached the facilitator.')).toBeVisible();
    for (const p of [page, ann, second]) expect(p.problems).toEqual([]);
  } finally {
    await relay.stop();
  }
});
