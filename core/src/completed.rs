//! Sign-ins that already had their callback, remembered while a replay could still be
//! mistaken for a live one.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use crate::CsrfState;

/// Below this size the set is never pruned: a phone completes a handful of sign-ins.
const MIN_PRUNE_SIZE: usize = 64;

pub(crate) struct CompletedSignIns {
    /// When each completed sign-in started, by state.
    started: HashMap<String, SystemTime>,
    /// Expired entries are dropped when the set reaches this size, which is then set to
    /// twice what is left: a server completing many sign-ins an hour pays O(1) per sign-in
    /// on average, instead of a sweep of the whole set on every callback.
    prune_at: usize,
}

impl Default for CompletedSignIns {
    fn default() -> Self {
        Self {
            started: HashMap::new(),
            prune_at: MIN_PRUNE_SIZE,
        }
    }
}

impl CompletedSignIns {
    pub(crate) fn contains(&self, state: &CsrfState) -> bool {
        self.started.contains_key(state.secret())
    }

    /// Remembers a sign-in that started at `started`. Entries older than `lifetime` at
    /// `now` can go: expiry refuses their replays anyway.
    pub(crate) fn insert(
        &mut self,
        state: &CsrfState,
        started: SystemTime,
        lifetime: Duration,
        now: SystemTime,
    ) {
        if self.started.len() >= self.prune_at {
            // No time is added to: a start far in the future cannot overflow.
            self.started.retain(|_, started| {
                now.duration_since(*started)
                    .map_or(true, |age| age < lifetime)
            });
            self.prune_at = (2 * self.started.len()).max(MIN_PRUNE_SIZE);
        }
        self.started.insert(state.secret().to_owned(), started);
    }

    #[cfg(test)]
    fn len(&self) -> usize {
        self.started.len()
    }
}

/// The set is keyed by state: only its size is shown.
impl fmt::Debug for CompletedSignIns {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CompletedSignIns")
            .field("count", &self.started.len())
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use std::time::UNIX_EPOCH;

    use super::*;

    const HOUR: Duration = Duration::from_secs(3600);

    fn fill(set: &mut CompletedSignIns, prefix: &str, count: usize, now: SystemTime) {
        for i in 0..count {
            set.insert(
                &CsrfState::new(format!("{prefix}{i}")).unwrap(),
                now,
                HOUR,
                now,
            );
        }
    }

    /// A long-running server must not remember every sign-in forever.
    #[test]
    fn expired_sign_ins_are_dropped_as_the_set_grows() {
        let start = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let mut set = CompletedSignIns::default();
        fill(&mut set, "old", 1000, start);
        assert_eq!(set.len(), 1000, "nothing has expired yet");

        let later = start + HOUR;
        fill(&mut set, "new", 1000, later);
        assert!(set.contains(&CsrfState::new("new999").unwrap()));
        assert!(!set.contains(&CsrfState::new("old0").unwrap()));
        assert_eq!(set.len(), 1000, "only the live ones are left");
    }

    /// Starts as late as a time can be must neither overflow nor be dropped early.
    #[test]
    fn pruning_survives_extreme_times() {
        let far = UNIX_EPOCH + Duration::from_secs(i64::MAX as u64 / 2);
        let mut set = CompletedSignIns::default();
        fill(&mut set, "far", 64, far);
        fill(
            &mut set,
            "now",
            1,
            UNIX_EPOCH + Duration::from_secs(1_800_000_000),
        );
        assert!(set.contains(&CsrfState::new("far0").unwrap()));
    }

    #[test]
    fn debug_shows_no_state() {
        let mut set = CompletedSignIns::default();
        let now = UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        set.insert(&CsrfState::new("SECRETSTATE").unwrap(), now, HOUR, now);
        let text = format!("{set:?}");
        assert!(!text.contains("SECRETSTATE"), "{text}");
        assert!(text.contains("count: 1"), "{text}");
    }
}
