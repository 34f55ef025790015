//! The `intake` binary: the command line runs a command, or, with none
//! in a terminal, the terminal UI opens; `main` chooses between the two
//! faces, which do not know each other.

// The op log makes many small allocations; mimalloc measured ~10% faster
// bulk writes than the system allocator here.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use intake::cli::{self, Outcome};
use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Outcome::Done(code) => code,
        Outcome::Terminal(settings) => {
            let cli::Interactive {
                db_path,
                lang,
                lock_after,
                passphrase,
                form,
                log_dir,
                log,
                templates_dir,
            } = settings;
            let ran = intake::tui::run(intake::tui::Start {
                db_path,
                lang,
                lock_after,
                passphrase,
                form,
                log_dir,
                templates_dir: Some(templates_dir),
            });
            drop(log);
            match ran {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => cli::failed(&err, intake::i18n::Texts::get(lang)),
            }
        }
    }
}
