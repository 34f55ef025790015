//! Long work on a worker thread (an import, the duplicate search, the
//! reports): the thread holds the database while it runs, reports
//! progress, and hands the database back with its result. The UI polls
//! it between keys and never waits for it.

use crate::store::Store;
use std::sync::mpsc::{Receiver, Sender, channel};

/// What a worker says.
pub enum Report<P, R> {
    /// A step is done.
    Progress(P),
    /// All done: the database comes back, with the result.
    Done(Box<Store>, R),
}

/// A job running on a worker thread.
pub struct Job<P, R> {
    rx: Receiver<Report<P, R>>,
}

/// How a worker says a step is done; false once nobody listens (stop then).
pub struct Progress<P, R>(Sender<Report<P, R>>);

impl<P, R> Progress<P, R> {
    /// Reports a step.
    pub fn step(&self, p: P) -> bool {
        self.0.send(Report::Progress(p)).is_ok()
    }
}

impl<P: Send + 'static, R: Send + 'static> Job<P, R> {
    /// Runs `work` on a new thread with the database.
    pub fn start(
        mut store: Store,
        work: impl FnOnce(&mut Store, &Progress<P, R>) -> R + Send + 'static,
    ) -> Self {
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let progress = Progress(tx);
            let result = work(&mut store, &progress);
            let _ = progress.0.send(Report::Done(Box::new(store), result));
        });
        Job { rx }
    }

    /// What the worker said since the last look, oldest first; it ends
    /// with [`Report::Done`] once the work is over.
    pub fn poll(&self) -> Vec<Report<P, R>> {
        let mut said = Vec::new();
        while let Ok(report) = self.rx.try_recv() {
            let done = matches!(report, Report::Done(..));
            said.push(report);
            if done {
                break;
            }
        }
        said
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_job_reports_its_steps_then_hands_the_database_back() {
        let dir = tempfile::TempDir::new().unwrap();
        let pass = secrecy::SecretString::from("job test passphrase".to_owned());
        let store = Store::create(&dir.path().join("intake.db"), &pass).unwrap();
        let job = Job::start(store, |_store, progress: &Progress<u32, &str>| {
            for step in 1..=3 {
                assert!(progress.step(step));
            }
            "finished"
        });
        let mut steps = Vec::new();
        let started = std::time::Instant::now();
        let result = loop {
            assert!(
                started.elapsed() < std::time::Duration::from_secs(20),
                "the job never ended"
            );
            let mut ended = None;
            for report in job.poll() {
                match report {
                    Report::Progress(n) => steps.push(n),
                    Report::Done(store, r) => ended = Some((store, r)),
                }
            }
            if let Some(ended) = ended {
                break ended;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        };
        assert_eq!(steps, [1, 2, 3]);
        assert_eq!(result.1, "finished");
        assert!(result.0.page_count().is_ok(), "the database came back open");
    }
}
