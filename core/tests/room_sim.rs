//! The live room's protocol on a seeded, simulated network: one facilitator and up to 12
//! members, messages dropped, duplicated, delayed and reordered, partitions that heal, members
//! reloading (their room read back from its stored JSON). After the network heals every member
//! holds the facilitator's state, no vote is lost, and no member sees a vote before the reveal.
//!
//! Sealing is played by a vault: a sealed vote is an index into it, and only the holder of the
//! key it was sealed for can open it, as with ECDH + AES-GCM in the app.

use sprintdeck_core::domain::Millis;
use sprintdeck_core::domain::StoryId;
use sprintdeck_core::domain::poker::{Card, Confidence, builtin_decks};
use sprintdeck_core::domain::room::{Effect, Msg, Peer, Phase, Presence, Reason, Role, Room, RoomStory, Snapshot};

/// Seeds that once failed, kept as regression tests (none yet).
/// Seeds that once failed. 35: a member whose hello was lost, then reloaded, was seated only at
/// the next heartbeat, so its vote, sent meanwhile, was ignored until after the round. 220
/// (of 3,000 tried): a member that said hello again once, lost too, waited a whole heartbeat.
const REGRESSIONS: &[u64] = &[35, 220];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // SplitMix64.
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

fn peer(i: usize) -> Peer {
    let mut p = [0u8; 32];
    p[0] = u8::try_from(i).unwrap() + 1;
    p
}

fn ecdh(i: usize, generation: u8) -> Vec<u8> {
    let mut k = vec![generation; 65];
    k[0] = 4;
    k[1] = u8::try_from(i).unwrap();
    k
}

struct Faults {
    drop: u64,
    dup: u64,
    delay_max: Millis,
    /// Members cut off, and until when.
    partition: Option<(Vec<usize>, Millis, Millis)>,
    /// No faults after this.
    calm_from: Millis,
}

struct Sim {
    now: Millis,
    rooms: Vec<Room>,
    /// Members that are "gone" (device off): they neither tick nor receive.
    off: Vec<bool>,
    flight: Vec<(Millis, usize, usize, Msg)>,
    vault: Vec<(Vec<u8>, String, Option<Confidence>)>,
    rng: Rng,
    faults: Faults,
    /// Every revealed round seen by anyone: (round), and when the facilitator revealed it.
    revealed: Vec<u32>,
    sent: usize,
}

impl Sim {
    fn new(seed: u64, members: usize, faults: Faults) -> Sim {
        let deck = builtin_decks().remove(0);
        let queue = (1..=3)
            .map(|n| RoomStory { story: Some(StoryId(n)), title: format!("Story {n}"), criteria: String::new() })
            .collect();
        let mut rooms = vec![Room::found(peer(0), "Facilitator".into(), Role::Voter, ecdh(0, 1), deck, queue, 0)];
        for i in 1..=members {
            let role = if i == members && members > 2 { Role::Spectator } else { Role::Voter };
            rooms.push(Room::join(peer(i), peer(0), format!("Member {i}"), role, ecdh(i, 1), 0));
        }
        Sim {
            now: 0,
            off: vec![false; rooms.len()],
            rooms,
            flight: Vec::new(),
            vault: Vec::new(),
            rng: Rng(seed),
            faults,
            revealed: Vec::new(),
            sent: 0,
        }
    }

    fn cut(&self, i: usize) -> bool {
        self.faults
            .partition
            .as_ref()
            .is_some_and(|(who, from, to)| who.contains(&i) && self.now >= *from && self.now < *to)
    }

    fn calm(&self) -> bool {
        self.now >= self.faults.calm_from
    }

    fn effects(&mut self, from: usize, effects: Vec<Effect>) {
        for e in effects {
            match e {
                Effect::Send(msg) => self.broadcast(from, msg),
                Effect::Seal { round, seq, to, card, confidence } => {
                    self.vault.push((to, card.label, confidence));
                    let mut sealed = (self.vault.len() as u64 - 1).to_be_bytes().to_vec();
                    sealed.resize(40, 0);
                    let more = self.rooms[from].sealed(self.now, round, seq, sealed);
                    self.effects(from, more);
                }
                Effect::Open { from: voter, round, seq, sealed, .. } => {
                    let index = usize::try_from(u64::from_be_bytes(sealed[..8].try_into().unwrap())).unwrap();
                    let (to, label, confidence) = self.vault[index].clone();
                    let mine = self.rooms[from].state().map(|s| s.ecdh.clone());
                    if Some(to) == mine {
                        self.rooms[from].opened(self.now, voter, round, seq, &label, confidence);
                    } else {
                        self.rooms[from].ignore(Reason::Undecryptable);
                    }
                }
            }
        }
    }

    fn broadcast(&mut self, from: usize, msg: Msg) {
        self.sent += 1;
        if let Msg::State(s) = &msg
            && let Phase::Revealed { .. } = s.phase
            && !self.revealed.contains(&s.round)
        {
            self.revealed.push(s.round);
        }
        for to in 0..self.rooms.len() {
            if to == from {
                continue;
            }
            let calm = self.calm();
            if !calm && (self.cut(from) || self.cut(to) || self.rng.chance(self.faults.drop)) {
                continue;
            }
            let copies = if !calm && self.rng.chance(self.faults.dup) { 2 } else { 1 };
            for _ in 0..copies {
                let delay =
                    if calm { 20 } else { 5 + self.rng.below(u64::try_from(self.faults.delay_max).unwrap()) as Millis };
                self.flight.push((self.now + delay, from, to, msg.clone()));
            }
        }
    }

    fn step(&mut self, ms: Millis) {
        self.now += ms;
        let now = self.now;
        let (due, later): (Vec<_>, Vec<_>) =
            std::mem::take(&mut self.flight).into_iter().partition(|(at, ..)| *at <= now);
        self.flight = later;
        for (_, from, to, msg) in due {
            if self.off[to] {
                continue;
            }
            let e = self.rooms[to].receive(now, peer(from), msg);
            self.effects(to, e);
            self.check_secrecy(to);
        }
        for i in 0..self.rooms.len() {
            if !self.off[i] && self.rooms[i].next_due() <= now {
                let e = self.rooms[i].tick(now);
                self.effects(i, e);
            }
        }
    }

    /// No member holds a revealed state for a round the facilitator has not revealed (the
    /// facilitator's own state is revealed a tick before it goes out).
    fn check_secrecy(&self, i: usize) {
        if self.rooms[i].is_facilitator() {
            return;
        }
        if let Some(Snapshot { phase: Phase::Revealed { .. }, round, .. }) = self.rooms[i].state() {
            assert!(self.revealed.contains(round), "member {i} saw round {round}'s votes before the reveal");
        }
    }

    fn reload(&mut self, i: usize) {
        let text = serde_json::to_string(&self.rooms[i]).unwrap();
        self.rooms[i] = serde_json::from_str(&text).unwrap();
        // As the app does when a tab opens its stored room.
        self.rooms[i].reopened(self.now);
    }

    fn run_until(&mut self, end: Millis, mut each: impl FnMut(&mut Sim)) {
        while self.now < end {
            self.step(50);
            each(self);
        }
    }

    fn facilitator(&self) -> usize {
        (0..self.rooms.len()).find(|&i| self.rooms[i].is_facilitator() && !self.off[i]).expect("a facilitator")
    }

    fn assert_converged(&self, seed: u64) {
        let f = self.facilitator();
        let want = self.rooms[f].state().unwrap();
        for (i, r) in self.rooms.iter().enumerate().filter(|(i, _)| !self.off[*i]) {
            let got = r.state().unwrap_or_else(|| panic!("seed {seed}: member {i} never heard the facilitator"));
            assert_eq!(got.version(), want.version(), "seed {seed}: member {i} is behind");
            assert_eq!(got.phase, want.phase, "seed {seed}: member {i}");
            assert_eq!(got.seats, want.seats, "seed {seed}: member {i}");
        }
    }
}

fn card(label: &str) -> Card {
    builtin_decks().remove(0).cards.into_iter().find(|c| c.label == label).unwrap()
}

const LABELS: [&str; 5] = ["1", "2", "3", "5", "8"];

/// One whole round on a faulty network, seed by seed.
fn round(seed: u64) {
    let mut rng = Rng(seed ^ 0x5eed);
    let members = 1 + usize::try_from(rng.below(12)).unwrap();
    let cut: Vec<usize> = (1..=members).filter(|_| rng.chance(30)).collect();
    let faults = Faults {
        drop: rng.below(30),
        dup: rng.below(20),
        delay_max: 50 + Millis::try_from(rng.below(1500)).unwrap(),
        partition: Some((
            cut,
            2_000 + Millis::try_from(rng.below(5_000)).unwrap(),
            12_000 + Millis::try_from(rng.below(8_000)).unwrap(),
        )),
        calm_from: 25_000,
    };
    let mut sim = Sim::new(seed, members, faults);
    sim.step(50);
    sim.rooms[0].next_story(sim.now).unwrap();
    // Each voter's last choice, and when they make it (some change their mind).
    let mut plan: Vec<(Millis, usize, &str)> = Vec::new();
    for i in 0..=members {
        if sim.rooms[i].role() == Role::Voter {
            plan.push((
                500 + Millis::try_from(rng.below(15_000)).unwrap(),
                i,
                LABELS[usize::try_from(rng.below(5)).unwrap()],
            ));
            if rng.chance(30) {
                plan.push((
                    16_000 + Millis::try_from(rng.below(4_000)).unwrap(),
                    i,
                    LABELS[usize::try_from(rng.below(5)).unwrap()],
                ));
            }
        }
    }
    let mut reload: Vec<(Millis, usize)> = Vec::new();
    for i in 1..=members {
        if rng.chance(25) {
            reload.push((1_000 + Millis::try_from(rng.below(20_000)).unwrap(), i));
        }
    }
    let mut last: Vec<Option<&str>> = vec![None; members + 1];
    sim.run_until(60_000, |sim| {
        for &(at, i, label) in &plan {
            if at > sim.now - 50
                && at <= sim.now
                && sim.rooms[i].state().is_some_and(|s| matches!(s.phase, Phase::Voting { .. }))
            {
                let e = sim.rooms[i].vote(sim.now, card(label), Some(Confidence::Sure)).unwrap();
                last[i] = Some(label);
                sim.effects(i, e);
            }
        }
        for &(at, i) in &reload {
            if at > sim.now - 50 && at <= sim.now {
                sim.reload(i);
            }
        }
    });
    // Quiet for a second (nothing new is done), so the last change has gone out.
    sim.run_until(61_000, |_| {});
    sim.assert_converged(seed);
    // Every voter who voted is counted, with their last card, and nobody else.
    let s = sim.rooms[0].state().unwrap().clone();
    let Phase::Voting { voted } = &s.phase else { panic!("seed {seed}: not voting") };
    let voters: Vec<usize> = (0..=members).filter(|&i| last[i].is_some()).collect();
    assert_eq!(voted.len(), voters.len(), "seed {seed}: a vote was lost");
    assert!(sim.rooms.iter().all(|r| r.state().unwrap().seats.len() == members + 1), "seed {seed}: everyone seated");
    sim.rooms[0].reveal(sim.now).unwrap();
    sim.run_until(63_000, |_| {});
    sim.assert_converged(seed);
    let Phase::Revealed { votes } = &sim.rooms[0].state().unwrap().phase else { panic!() };
    for i in voters {
        let ballot =
            votes.iter().find(|b| b.peer == peer(i)).unwrap_or_else(|| panic!("seed {seed}: member {i}'s vote lost"));
        assert_eq!(Some(ballot.card.label.as_str()), last[i], "seed {seed}: member {i}'s last vote");
    }
    assert!(
        sim.rooms[0].ignored.forged == 0 && sim.rooms[0].ignored.undecryptable == 0,
        "seed {seed}: {:?}",
        sim.rooms[0].ignored
    );
    let stats = sim.rooms[members].stats().expect("every member sees the statistics");
    assert_eq!(stats, sim.rooms[0].stats().unwrap());
}

#[test]
fn two_hundred_seeds_of_faulty_networks_converge_with_no_vote_lost() {
    for seed in REGRESSIONS.iter().copied().chain(1..=200) {
        round(seed);
    }
}

#[test]
fn revote_and_accept_reach_the_board_owner_once() {
    let mut sim = Sim::new(1, 3, Faults { drop: 0, dup: 0, delay_max: 100, partition: None, calm_from: 0 });
    sim.step(50);
    sim.rooms[0].next_story(sim.now).unwrap();
    sim.run_until(1_000, |_| {});
    for i in [1, 2] {
        let e = sim.rooms[i].vote(sim.now, card("3"), None).unwrap();
        sim.effects(i, e);
    }
    sim.run_until(2_000, |_| {});
    assert_eq!(sim.rooms[0].waiting_for().len(), 1, "the facilitator has not voted");
    let e = sim.rooms[0].vote(sim.now, card("8"), Some(Confidence::Unsure)).unwrap();
    sim.effects(0, e);
    sim.rooms[0].reveal(sim.now).unwrap();
    sim.run_until(3_000, |_| {});
    assert!(sim.rooms[0].stats().unwrap().needs_discussion() || sim.rooms[0].stats().is_some());
    sim.rooms[0].revote(sim.now).unwrap();
    sim.run_until(4_000, |_| {});
    assert!(sim.rooms[1].my_card().is_none(), "a re-vote clears the cards");
    for i in [0, 1, 2] {
        let e = sim.rooms[i].vote(sim.now, card("5"), None).unwrap();
        sim.effects(i, e);
    }
    sim.run_until(5_000, |_| {});
    sim.rooms[0].reveal(sim.now).unwrap();
    sim.rooms[0].accept(sim.now, card("5")).unwrap();
    sim.run_until(6_000, |_| {});
    sim.assert_converged(0);
    let agreed = sim.rooms[0].take_agreed();
    assert_eq!(agreed.len(), 1);
    assert_eq!((agreed[0].story, agreed[0].card.label.as_str(), agreed[0].rounds.len()), (StoryId(1), "5", 2));
    assert_eq!(agreed[0].rounds[1].accepted, Some(card("5")));
    assert!(sim.rooms[0].take_agreed().is_empty(), "applied once");
    assert_eq!(sim.rooms[2].state().unwrap().story.as_ref().unwrap().title, "Story 2", "the next story is up");
}

#[test]
fn presence_shows_away_and_left_and_spectators_are_never_waited_for() {
    let mut sim = Sim::new(2, 3, Faults { drop: 0, dup: 0, delay_max: 100, partition: None, calm_from: 0 });
    sim.step(50);
    sim.rooms[0].next_story(sim.now).unwrap();
    sim.run_until(2_000, |_| {});
    assert_eq!(sim.rooms[0].waiting_for().len(), 3, "two voters and the facilitator; the spectator is not waited for");
    sim.off[1] = true;
    sim.run_until(150_000, |_| {});
    let presence = |sim: &Sim, i: usize| sim.rooms[2].state().unwrap().seat(&peer(i)).unwrap().presence;
    assert_eq!(presence(&sim, 1), Presence::Away);
    assert_eq!(presence(&sim, 3), Presence::Here);
    let bye = sim.rooms[3].leave();
    sim.broadcast(3, bye);
    sim.off[3] = true;
    sim.run_until(151_000, |_| {});
    assert_eq!(presence(&sim, 3), Presence::Left);
    // Idle: a hello and a state per heartbeat, not more.
    let before = sim.sent;
    sim.run_until(151_000 + 600_000, |_| {});
    let per_member_minute = (sim.sent - before) as f64 / 2.0 / 10.0;
    assert!(per_member_minute <= 2.0, "{per_member_minute} events per member per minute while idle");
}

#[test]
fn a_handover_and_a_takeover_move_the_room_and_forgers_are_ignored() {
    let mut sim = Sim::new(3, 3, Faults { drop: 10, dup: 10, delay_max: 300, partition: None, calm_from: 3_000 });
    sim.step(50);
    sim.rooms[0].next_story(sim.now).unwrap();
    sim.run_until(2_000, |_| {});
    let e = sim.rooms[1].vote(sim.now, card("2"), None).unwrap();
    sim.effects(1, e);
    sim.run_until(4_000, |_| {});
    // A member claims to be the facilitator without the facilitator's key.
    let mut forged = sim.rooms[0].state().unwrap().clone();
    forged.rev += 100;
    forged.phase = Phase::Revealed { votes: Vec::new() };
    sim.broadcast(2, Msg::State(Box::new(forged)));
    sim.run_until(5_000, |_| {});
    assert!(sim.rooms[1].ignored.forged >= 1);
    assert!(matches!(sim.rooms[1].state().unwrap().phase, Phase::Voting { .. }));
    // The handover: signatures are the gate's (codec::room_msg); here the chain.
    let a = sprintdeck_core::domain::room::Appointment { epoch: 1, to: peer(1), by: peer(0), sig: [0; 64] };
    sim.rooms[0].hand_over(sim.now, a).unwrap();
    sim.run_until(30_000, |_| {});
    sim.assert_converged(3);
    assert_eq!(sim.facilitator(), 1);
    assert!(!sim.rooms[0].is_facilitator());
    assert_eq!(sim.rooms[1].state().unwrap().epoch, 1);
    // Member 1's own vote carried over; member 2 votes for the new facilitator's key.
    let e = sim.rooms[2].vote(sim.now, card("3"), None).unwrap();
    sim.effects(2, e);
    sim.run_until(33_000, |_| {});
    // The new facilitator's device goes away; a takeover waits for a minute of silence.
    sim.off[1] = true;
    sim.run_until(40_000, |_| {});
    assert!(sim.rooms[2].takeover_epoch(sim.now).is_err(), "too soon");
    sim.run_until(100_000, |_| {});
    let epoch = sim.rooms[2].takeover_epoch(sim.now).unwrap();
    let a = sprintdeck_core::domain::room::Appointment { epoch, to: peer(2), by: peer(2), sig: [0; 64] };
    sim.rooms[2].take_over(sim.now, a).unwrap();
    sim.run_until(110_000, |_| {});
    sim.assert_converged(3);
    assert_eq!(sim.facilitator(), 2);
    // Members whose votes were sealed for the gone facilitator seal them again.
    let Phase::Voting { voted } = &sim.rooms[0].state().unwrap().phase else { panic!() };
    assert!(voted.iter().any(|m| m.peer == peer(2)), "the new facilitator's own vote");
}

/// A founder (member 0) with one story on the table, at time 0.
fn founder_with_a_story() -> Room {
    let deck = builtin_decks().remove(0);
    let queue = vec![RoomStory { story: Some(StoryId(1)), title: "Story 1".into(), criteria: String::new() }];
    let mut founder = Room::found(peer(0), "Facilitator".into(), Role::Voter, ecdh(0, 1), deck, queue, 0);
    founder.next_story(0).unwrap();
    founder
}

/// `real` as member 1 would forge it: a "takeover" signed by itself alone.
fn forged_takeover(real: &Snapshot) -> Msg {
    use sprintdeck_core::domain::room::Appointment;
    let mut s = real.clone();
    s.epoch = 1;
    s.chain = vec![Appointment { epoch: 1, to: peer(1), by: peer(1), sig: [0; 64] }];
    s.ecdh = ecdh(1, 1);
    Msg::State(Box::new(s))
}

/// A member with the link can sign a "takeover" of its own. Someone who joins while the
/// facilitator still answers must not believe it (they have never heard the facilitator, so
/// they count from joining); after half a minute of nobody else answering, a real takeover is
/// believed, so a room whose facilitator is gone still lets newcomers in.
#[test]
fn a_newcomer_does_not_believe_a_takeover_while_the_facilitator_may_still_answer() {
    let real = founder_with_a_story().state().unwrap().clone();
    let mut newcomer = Room::join(peer(2), peer(0), "New".into(), Role::Voter, ecdh(2, 1), 1_000);
    newcomer.receive(2_000, peer(1), forged_takeover(&real));
    assert!(newcomer.state().is_none(), "a takeover a second after joining is not believed");
    newcomer.receive(2_100, peer(0), Msg::State(Box::new(real.clone())));
    assert_eq!(newcomer.facilitator(), peer(0));
    newcomer.receive(20_000, peer(1), forged_takeover(&real));
    assert_eq!(newcomer.facilitator(), peer(0), "nor while the facilitator was heard lately");
    // A room whose facilitator is gone: a newcomer hears only the member who took over.
    let mut late = Room::join(peer(3), peer(0), "Late".into(), Role::Voter, ecdh(3, 1), 100_000);
    late.receive(101_000, peer(1), forged_takeover(&real));
    assert!(late.state().is_none());
    late.receive(131_000, peer(1), forged_takeover(&real));
    assert_eq!(late.facilitator(), peer(1), "believed after half a minute with nobody else answering");
}

/// The same for a tab that opens its stored room again: the facilitator's last message it holds
/// is as old as the room, so it counts from the reload.
#[test]
fn a_reopened_room_does_not_believe_a_takeover_while_the_facilitator_may_still_answer() {
    let real = founder_with_a_story().state().unwrap().clone();
    let mut member = Room::join(peer(2), peer(0), "Member".into(), Role::Voter, ecdh(2, 1), 1_000);
    member.receive(2_000, peer(0), Msg::State(Box::new(real.clone())));
    assert_eq!(member.facilitator(), peer(0));
    // Stored, and opened again ten minutes later.
    let stored = serde_json::to_string(&member).unwrap();
    let mut reopened: Room = serde_json::from_str(&stored).unwrap();
    reopened.reopened(600_000);
    reopened.receive(601_000, peer(1), forged_takeover(&real));
    assert_eq!(reopened.facilitator(), peer(0), "a takeover a second after reopening is not believed");
    reopened.receive(631_000, peer(1), forged_takeover(&real));
    assert_eq!(reopened.facilitator(), peer(1), "believed after half a minute with nobody else answering");
}

#[test]
fn a_member_whose_hello_was_lost_says_hello_again_soon_and_is_seated() {
    let mut founder = founder_with_a_story();
    let mut member = Room::join(peer(1), peer(0), "Member".into(), Role::Voter, ecdh(1, 1), 0);
    let hello = member.tick(0);
    assert!(matches!(hello.as_slice(), [Effect::Send(Msg::Hello { .. })]), "{hello:?}");
    // The hello is lost; the facilitator's state, which does not seat the member, arrives.
    let Some(Effect::Send(first)) = founder.tick(0).into_iter().next() else { panic!("no state") };
    member.receive(100, peer(0), first);
    let due = member.next_due();
    assert!(due <= 2_100, "hello again within two seconds, not at the heartbeat (due at {due})");
    let Some(Effect::Send(hello)) = member.tick(due).into_iter().next() else { panic!("no hello") };
    // Lost again: the next is five seconds on, not a heartbeat.
    assert!(member.next_due() <= due + 5_000, "due at {}", member.next_due());
    founder.receive(due + 50, peer(1), hello);
    let Some(Effect::Send(state)) = founder.tick(due + 500).into_iter().next() else { panic!("no state") };
    member.receive(due + 550, peer(0), state);
    assert!(member.state().unwrap().seats.iter().any(|x| x.peer == peer(1)), "seated");
}
