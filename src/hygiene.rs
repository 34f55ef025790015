//! What the process itself may leak: a core dump (the whole memory, keys
//! and decrypted records included, written to disk by the system when the
//! program crashes) and a panic's message (which can quote a person's
//! data). Core dumps are turned off before a database is opened; a panic
//! prints one sentence in the user's language and leaves a report that
//! holds where it happened and the call stack, never the message.

use crate::i18n::{Arg, Texts};
use std::path::PathBuf;

/// Turns core dumps off for this process (and, on Linux, makes it
/// undumpable: no core file, and no other process of the same user may
/// read its memory). Best effort: a system that refuses keeps going.
pub fn no_core_dumps() {
    #[cfg(unix)]
    {
        use rustix::process::{Resource, Rlimit, setrlimit};
        let none = Rlimit {
            current: Some(0),
            maximum: Some(0),
        };
        if setrlimit(Resource::Core, none).is_err() {
            tracing::warn!("core dumps could not be turned off");
        }
    }
    #[cfg(target_os = "linux")]
    if rustix::process::set_dumpable_behavior(rustix::process::DumpableBehavior::NotDumpable).is_err() {
        tracing::warn!("the process could not be made undumpable");
    }
}

/// Whether core dumps are off for this process.
pub fn core_dumps_off() -> bool {
    #[cfg(unix)]
    {
        rustix::process::getrlimit(rustix::process::Resource::Core).current == Some(0)
    }
    #[cfg(not(unix))]
    {
        true
    }
}

std::thread_local! {
    /// How many [`catching`] scopes this thread is in.
    static CATCHING: std::cell::Cell<u32> = const { std::cell::Cell::new(0) };
}

/// Runs `f`, a panic in it returned as an error (a decoder's, on a hostile
/// file): the program goes on, so the panic is neither reported nor said.
pub fn catching<R>(f: impl FnOnce() -> R + std::panic::UnwindSafe) -> std::thread::Result<R> {
    CATCHING.with(|c| c.set(c.get() + 1));
    let result = std::panic::catch_unwind(f);
    CATCHING.with(|c| c.set(c.get().saturating_sub(1)));
    result
}

/// From now on a panic writes a crash report to `log_dir` (if given) and,
/// on the main thread, prints one sentence in `texts`' language, never its
/// message; `before` runs first (the terminal UI restores the terminal
/// there). A panic inside [`catching`] is neither.
pub fn on_panic(texts: &'static Texts, log_dir: Option<PathBuf>, before: fn()) {
    std::panic::set_hook(Box::new(move |info| {
        if CATCHING.with(std::cell::Cell::get) > 0 {
            return;
        }
        // Another thread's panic comes back to the main one as an error,
        // said there: only its report here, the terminal left as it is.
        let main = std::thread::current().name() == Some("main");
        if main {
            before();
        }
        let at = info
            .location()
            .map_or_else(|| "unknown".to_owned(), ToString::to_string);
        let written = log_dir.as_ref().and_then(|dir| {
            let report = format!(
                "Intake {} crashed at {at}\n\n{}\n",
                env!("CARGO_PKG_VERSION"),
                std::backtrace::Backtrace::force_capture()
            );
            let name = chrono::Utc::now().format("crash-%Y%m%d-%H%M%S.txt").to_string();
            let path = dir.join(name);
            std::fs::write(&path, report).ok().map(|()| path)
        });
        if !main {
            return;
        }
        let sentence = match written {
            Some(path) => texts.text("crash-report", &[("path", Arg::from(path.display().to_string()))]),
            None => texts.text("crash-no-report", &[]),
        };
        eprintln!("intake: {sentence}");
    }));
}

#[cfg(test)]
mod tests {
    #[test]
    fn core_dumps_are_turned_off() {
        super::no_core_dumps();
        assert!(super::core_dumps_off());
    }
}
