//! A time limit on any future, without an async runtime. On a phone the app's HTTP client
//! runs on the platform's executor (Kotlin coroutines, Swift concurrency); the library
//! still ends a request the client lets run on, so one timer thread for the process wakes
//! whoever has waited too long.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::future::Future;
use std::pin::Pin;
use std::sync::{Condvar, Mutex, OnceLock, PoisonError};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

/// `future`, or `None` once `limit` has passed. A limit beyond what `Instant` can hold, or
/// a process that cannot start the timer thread, leaves the future unlimited: the
/// transport's own timeout still applies.
pub(crate) fn within<F: Future>(limit: Duration, future: F) -> Deadline<F> {
    Deadline {
        future: Box::pin(future),
        at: Instant::now().checked_add(limit),
        waking: None,
    }
}

/// The future [`within`] returns.
pub(crate) struct Deadline<F> {
    future: Pin<Box<F>>,
    at: Option<Instant>,
    /// The waker the timer holds, so a new one is handed over only when it changes.
    waking: Option<Waker>,
}

impl<F: Future> Future for Deadline<F> {
    type Output = Option<F::Output>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        if let Poll::Ready(output) = self.future.as_mut().poll(cx) {
            return Poll::Ready(Some(output));
        }
        let Some(at) = self.at else {
            return Poll::Pending;
        };
        if Instant::now() >= at {
            return Poll::Ready(None);
        }
        let known = self
            .waking
            .as_ref()
            .is_some_and(|waker| waker.will_wake(cx.waker()));
        if !known && let Some(timer) = timer() {
            timer.wake_at(at, cx.waker().clone());
            self.waking = Some(cx.waker().clone());
        }
        Poll::Pending
    }
}

/// Wakers due at an instant, the earliest first.
struct Timer {
    due: Mutex<BinaryHeap<Due>>,
    changed: Condvar,
}

struct Due {
    at: Instant,
    waker: Waker,
}

// Reversed, so that the heap's top is the earliest.
impl Ord for Due {
    fn cmp(&self, other: &Self) -> Ordering {
        other.at.cmp(&self.at)
    }
}

impl PartialOrd for Due {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl PartialEq for Due {
    fn eq(&self, other: &Self) -> bool {
        self.at == other.at
    }
}

impl Eq for Due {}

impl Timer {
    fn wake_at(&self, at: Instant, waker: Waker) {
        let mut due = self.due.lock().unwrap_or_else(PoisonError::into_inner);
        due.push(Due { at, waker });
        self.changed.notify_one();
    }

    fn run(&self) {
        let mut due = self.due.lock().unwrap_or_else(PoisonError::into_inner);
        loop {
            let now = Instant::now();
            let mut ready = Vec::new();
            while due.peek().is_some_and(|next| next.at <= now) {
                ready.extend(due.pop());
            }
            if !ready.is_empty() {
                // Woken outside the lock: a waker may poll at once and ask for a new wake.
                drop(due);
                ready.into_iter().for_each(|entry| entry.waker.wake());
                due = self.due.lock().unwrap_or_else(PoisonError::into_inner);
                continue;
            }
            due = match due.peek().map(|next| next.at - now) {
                Some(wait) => {
                    self.changed
                        .wait_timeout(due, wait)
                        .unwrap_or_else(PoisonError::into_inner)
                        .0
                }
                None => self
                    .changed
                    .wait(due)
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
            due: Mutex::new(BinaryHeap::new()),
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
            std::future::pending::<()>(),
        ));
        let took = started.elapsed();
        assert_eq!(outcome, None);
        assert!(took >= Duration::from_millis(200), "{took:?}");
        assert!(took < Duration::from_secs(2), "{took:?}");
    }

    #[test]
    fn a_future_within_its_limit_gives_its_output() {
        assert_eq!(
            block_on(within(Duration::from_secs(5), async { 7 })),
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
                    let outcome = block_on(within(limit, std::future::pending::<()>()));
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

    #[test]
    fn a_limit_no_clock_can_hold_leaves_the_future_unlimited() {
        assert_eq!(block_on(within(Duration::MAX, async { 1 })), Some(1));
    }
}
