//! Việc chạy nền — an instance's background rounds (expiry reminders, the
//! mail outbox, import jobs, scan counts), each run every so often by one
//! helper that stops them together: on shutdown no new round starts, and a
//! round under way is let finish (bounded), so nothing is cut mid-write.
//! What a round works on is rows in the database, claimed, so any number of
//! instances may run the same rounds.

use std::future::Future;
use std::time::Duration;
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// How long shutdown waits for rounds under way.
const FINISH: Duration = Duration::from_secs(20);

pub struct Scheduler {
    stop: watch::Sender<bool>,
    tasks: Vec<(&'static str, JoinHandle<()>)>,
}

impl Scheduler {
    pub fn new() -> Self {
        Self {
            stop: watch::channel(false).0,
            tasks: Vec::new(),
        }
    }

    /// Runs `round` now and then every `period` after each round ends,
    /// until [`Scheduler::stop`].
    pub fn every<F, Fut>(&mut self, name: &'static str, period: Duration, mut round: F)
    where
        F: FnMut() -> Fut + Send + 'static,
        Fut: Future<Output = ()> + Send,
    {
        let mut stop = self.stop.subscribe();
        let task = tokio::spawn(async move {
            loop {
                round().await;
                tokio::select! {
                    _ = stop.changed() => break,
                    () = tokio::time::sleep(period) => {}
                }
            }
            tracing::debug!(task = name, "background round stopped");
        });
        self.tasks.push((name, task));
    }

    /// Stops every round: none starts again, those under way may finish.
    pub async fn stop(self) {
        let _ = self.stop.send(true);
        for (name, task) in self.tasks {
            if tokio::time::timeout(FINISH, task).await.is_err() {
                tracing::warn!(task = name, "background round still running at shutdown");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[tokio::test]
    async fn rounds_repeat_until_stopped_and_a_round_under_way_finishes() {
        let mut s = Scheduler::new();
        let (started, finished) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
        let (a, b) = (started.clone(), finished.clone());
        s.every("test", Duration::from_millis(5), move || {
            let (a, b) = (a.clone(), b.clone());
            async move {
                a.fetch_add(1, Ordering::SeqCst);
                tokio::time::sleep(Duration::from_millis(20)).await;
                b.fetch_add(1, Ordering::SeqCst);
            }
        });
        tokio::time::sleep(Duration::from_millis(80)).await;
        s.stop().await;
        let (n, done) = (
            started.load(Ordering::SeqCst),
            finished.load(Ordering::SeqCst),
        );
        assert!(n >= 2, "repeated: {n}");
        assert_eq!(n, done, "every round started was let finish");
        tokio::time::sleep(Duration::from_millis(40)).await;
        assert_eq!(started.load(Ordering::SeqCst), n, "none after stop");
    }
}
