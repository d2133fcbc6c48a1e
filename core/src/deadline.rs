//! A time limit on any future, without an async runtime. On a phone the app's HTTP client
//! runs on the platform's executor (Kotlin coroutines, Swift concurrency); the library
//! still ends a request the client lets run on, so one timer thread for the process wakes
//! whoever has waited too long.

use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering as AtomicOrdering};
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// The future `start` makes, or `None` once `limit` has passed. The limit runs from
/// before `start` is called, so a transport that blocks before it returns its future
/// spends the time it blocked; and output ready only after the limit, however it got
/// there (a future that blocked its thread inside `poll`), is `None`: late is late. A
/// blocked thread cannot be taken back; the call ends when the transport returns it.
///
/// A limit beyond what `Instant` can hold, or a process that cannot start the timer
/// thread, leaves the future unlimited: the transport's own timeout still applies.
pub(crate) fn within<F: Future>(limit: Duration, start: impl FnOnce() -> F) -> Deadline<F> {
    let at = Instant::now().checked_add(limit);
    Deadline {
        future: Box::pin(start()),
        at,
        registered: None,
    }
}

/// The future [`within`] returns.
pub(crate) struct Deadline<F> {
    future: Pin<Box<F>>,
    at: Option<Instant>,
    /// Its place in the timer and the waker the timer holds, so that a new waker is
    /// handed over only when it changes, and the place is given up when done.
    registered: Option<(Key, Waker)>,
}

impl<F: Future> Future for Deadline<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let Some(at) = self.at else {
            return self.future.as_mut().poll(cx).map(Some);
        };
        if let Poll::Ready(output) = self.future.as_mut().poll(cx) {
            // One clock read per request: the poll may have blocked past the limit.
            return Poll::Ready((Instant::now() < at).then_some(output));
        }
        if Instant::now() >= at {
            return Poll::Ready(None);
        }
        let known = self
            .registered
            .as_ref()
            .is_some_and(|(_, waker)| waker.will_wake(cx.waker()));
        if !known && let Some(timer) = timer() {
            let key = match &self.registered {
                Some((key, _)) => *key,
                None => (at, timer.next_id.fetch_add(1, AtomicOrdering::Relaxed)),
            };
            timer.wake_at(key, cx.waker().clone());
            self.registered = Some((key, cx.waker().clone()));
        }
        Poll::Pending
    }
}

/// A finished or abandoned request gives up its place: the timer would otherwise keep
/// its task alive until the deadline.
impl<F> Drop for Deadline<F> {
    fn drop(&mut self) {
        if let (Some((key, _)), Some(timer)) = (self.registered.take(), timer()) {
            timer.forget(key);
        }
    }
}

/// When to wake, and a number that tells apart requests due at the same instant.
type Key = (Instant, u64);

/// Wakers by when they are due, the earliest first.
struct Timer {
    state: Mutex<TimerState>,
    next_id: AtomicU64,
    changed: Condvar,
}

#[derive(Default)]
struct TimerState {
    due: BTreeMap<Key, Waker>,
    /// When the thread wakes next by itself (`None`: only when told). It is not told of a
    /// later deadline, nor of a finished request, so a request costs no thread switch.
    sleeping_until: Option<Instant>,
}

impl Timer {
    fn lock(&self) -> std::sync::MutexGuard<'_, TimerState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn wake_at(&self, key: Key, waker: Waker) {
        let mut state = self.lock();
        state.due.insert(key, waker);
        if state.sleeping_until.is_none_or(|until| key.0 < until) {
            self.changed.notify_one();
        }
    }

    fn forget(&self, key: Key) {
        self.lock().due.remove(&key);
    }

    fn run(&self) {
        let mut state = self.lock();
        loop {
            let now = Instant::now();
            let mut ready = Vec::new();
            while let Some(entry) = state.due.first_entry().filter(|entry| entry.key().0 <= now) {
                ready.push(entry.remove());
            }
            if !ready.is_empty() {
                // Woken outside the lock: a waker may poll at once and ask for a new wake.
                drop(state);
                ready.into_iter().for_each(Waker::wake);
                state = self.lock();
                continue;
            }
            let next = state.due.first_key_value().map(|((at, _), _)| *at);
            state.sleeping_until = next;
            state = match next {
                Some(at) => {
                    self.changed
                        .wait_timeout(state, at - now)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
                None => self
                    .changed
                    .wait(state)
                    .unwrap_or_else(PoisonError::into_inner),
            };
        }
    }
}

/// The process's timer, started on first use.
fn timer() -> Option<&'static Timer> {
    static TIMER: OnceLock<Option<&'static Timer>> = OnceLock::new();
    *TIMER.get_or_init(|| {
        let timer: &'static Timer = Box::leak(Box::new(Timer {
            state: Mutex::new(TimerState::default()),
            next_id: AtomicU64::new(0),
            changed: Condvar::new(),
        }));
        std::thread::Builder::new()
            .name("instagram-auth-deadlines".into())
            .spawn(|| timer.run())
            .ok()
            .map(|_| timer)
    })
}

/// Drives a future on this thread, parking between polls: no runtime, as on a phone.
#[cfg(test)]
pub(crate) fn block_on<F: Future>(future: F) -> F::Output {
    struct Unpark(std::thread::Thread);
    impl std::task::Wake for Unpark {
        fn wake(self: std::sync::Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Waker::from(std::sync::Arc::new(Unpark(std::thread::current())));
    let mut context = Context::from_waker(&waker);
    let mut future = std::pin::pin!(future);
    loop {
        if let Poll::Ready(output) = future.as_mut().poll(&mut context) {
            return output;
        }
        std::thread::park();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_future_that_never_ends_is_cut_off_at_the_limit() {
        let started = Instant::now();
        let outcome = block_on(within(
            Duration::from_millis(200),
            std::future::pending::<()>,
        ));
        let took = started.elapsed();
        assert_eq!(outcome, None);
        assert!(took >= Duration::from_millis(200), "{took:?}");
        assert!(took < Duration::from_secs(2), "{took:?}");
    }

    #[test]
    fn a_future_within_its_limit_gives_its_output() {
        assert_eq!(
            block_on(within(Duration::from_secs(5), || async { 7 })),
            Some(7)
        );
    }

    #[test]
    fn many_waiting_futures_each_end_at_their_own_limit() {
        let waits: Vec<_> = (1..=20)
            .map(|i| {
                std::thread::spawn(move || {
                    let limit = Duration::from_millis(20 * i);
                    let started = Instant::now();
                    let outcome = block_on(within(limit, std::future::pending::<()>));
                    (outcome, limit, started.elapsed())
                })
            })
            .collect();
        for wait in waits {
            let (outcome, limit, took) = wait.join().unwrap();
            assert_eq!(outcome, None);
            assert!(
                took >= limit && took < limit + Duration::from_secs(2),
                "{took:?} for {limit:?}"
            );
        }
    }

    /// Polls `future` under a long limit twice, drops it, and says whether the timer
    /// still holds its place.
    fn held_after_drop<F: Future>(future: F) -> bool {
        let held = |key: &Key| timer().unwrap().lock().due.contains_key(key);
        let mut context = Context::from_waker(Waker::noop());
        let mut deadline = Box::pin(within(Duration::from_secs(3600), || future));
        assert!(deadline.as_mut().poll(&mut context).is_pending());
        let key = deadline.registered.as_ref().unwrap().0;
        assert!(held(&key));
        let _ = deadline.as_mut().poll(&mut context);
        drop(deadline);
        held(&key)
    }

    /// A server sends thousands of requests a minute, each with a 30-second limit: the
    /// timer must not hold on to them (and their tasks) once they are done.
    #[test]
    fn a_finished_or_abandoned_request_leaves_the_timer() {
        let mut ready = false;
        let finishes = std::future::poll_fn(move |_| {
            let now = if ready {
                Poll::Ready(())
            } else {
                Poll::Pending
            };
            ready = true;
            now
        });
        assert!(!held_after_drop(finishes));
        assert!(!held_after_drop(std::future::pending::<()>()));
    }

    #[test]
    fn a_limit_no_clock_can_hold_leaves_the_future_unlimited() {
        assert_eq!(block_on(within(Duration::MAX, || async { 1 })), Some(1));
    }

    /// Found by review (issue 21): the limit started only once the future existed, and
    /// output was taken whenever it came, so a start or a poll that blocked its thread
    /// past the limit still counted as in time.
    #[test]
    fn output_after_the_limit_is_late_however_it_was_delayed() {
        let limit = Duration::from_millis(100);
        let block = || std::thread::sleep(Duration::from_millis(300));
        let blocking_start = within(limit, || {
            block();
            async { 1 }
        });
        assert_eq!(block_on(blocking_start), None, "the start blocked");
        let blocking_poll = within(limit, || async move {
            block();
            1
        });
        assert_eq!(block_on(blocking_poll), None, "the poll blocked");
        let blocking_start_then_pending = within(limit, || {
            block();
            std::future::pending::<()>()
        });
        assert_eq!(block_on(blocking_start_then_pending), None);
        // Output within the limit, even after a short block, is kept.
        let short = within(Duration::from_secs(5), || {
            std::thread::sleep(Duration::from_millis(10));
            async { 2 }
        });
        assert_eq!(block_on(short), Some(2));
    }
}
