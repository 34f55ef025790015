//! The command line: argument definitions, the data directory and passphrase,
//! logging to a file, and one clear sentence with a non-zero exit on error.

/// `println!` that ends the program quietly when whoever reads the output
/// has gone (`intake check --all | head`), instead of panicking.
macro_rules! outln {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                std::process::exit(0);
            }
        }
    }};
}

mod assign;
mod attach;
mod audit;
mod backup;
mod check;
mod document;
mod duplicates;
mod edit;
mod form;
mod history;
mod import_csv;
mod init;
mod passphrase;
mod person;
mod recipients;
mod records;
mod report;
mod retention;
mod said;
mod sync;
mod table;

use crate::config::{ActiveForm, ConfigDir};
use crate::i18n::{Arg, Lang, Texts};
use crate::store::{Store, StoreError};
use anyhow::Context as _;
use clap::{Parser, Subcommand, ValueEnum};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Intake — offline, encrypted intake for statelessness identification campaigns.
#[derive(Debug, Parser)]
#[command(name = "intake", version, about, long_about = None)]
pub struct Cli {
    /// Where the database and logs live [default: the system's data directory]
    #[arg(long, global = true, env = "INTAKE_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,

    /// Read the passphrase from this file (first line) instead of asking or INTAKE_PASSPHRASE
    #[arg(long, global = true, value_name = "FILE")]
    pub passphrase_file: Option<PathBuf>,

    /// Where config.toml and a replacement form.toml live [default: the system's config directory]
    #[arg(long, global = true, env = "INTAKE_CONFIG_DIR", value_name = "DIR")]
    pub config_dir: Option<PathBuf>,

    /// Language of messages: en, ru or kk [default: INTAKE_LANG, else config.toml, else the system's, else en]
    #[arg(long, global = true, value_name = "LANG", value_parser = ["en", "ru", "kk"])]
    pub lang: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the encrypted database, this laptop's device id and keys
    Init(init::InitArgs),
    /// Write a consistent, encrypted copy of the database to a new file (while the terminal UI may be open)
    Backup(backup::BackupArgs),
    /// Put a backup in place on a new laptop (never over a database); it becomes a new device
    Restore(backup::RestoreArgs),
    /// Change the passphrase: the database is re-encrypted under the new one
    #[command(subcommand)]
    Passphrase(passphrase::PassphraseCommand),
    /// Show this device's id, key fingerprint, age public key and (coordinator) enrolment string; set the coordinator, escrow keys
    Keys {
        #[command(subcommand)]
        /// What to change (nothing: show the keys)
        action: Option<sync::KeysCommand>,
    },
    /// Write a signed, encrypted bundle of this laptop's records for the coordinator
    Export(sync::ExportArgs),
    /// Check and merge bundles from other laptops (any order; twice changes nothing)
    Import(sync::ImportArgs),
    /// Change fields of a record, typed as in the form (FIELD=VALUE …)
    Set(edit::SetArgs),
    /// List every field that laptops edited differently, with each candidate value
    Conflicts(edit::ConflictsArgs),
    /// Settle a field in conflict with a value (a new edit replacing every candidate)
    Resolve(edit::ResolveArgs),
    /// Delete a record (recorded by mistake or twice); its history stays
    Delete(edit::DeleteArgs),
    /// Erase a record's identifying data (consent withdrawn); anonymous counts stay
    Erase(edit::EraseArgs),
    /// Pairs of records that look like one person (across scripts), with score and reasons
    Duplicates(duplicates::DuplicatesArgs),
    /// The campaign statistics: stocks on a date, flows in a period, operations
    Report(report::ReportArgs),
    /// Every record as spreadsheets: one row per record, one sheet per repeat group
    #[command(name = "export-table")]
    ExportTable(report::ExportTableArgs),
    /// Give records to a field laptop's caseload (coordinator): its next return bundle carries them whole
    Assign(assign::AssignArgs),
    /// Move a lost, broken or departing laptop's whole caseload to another laptop (coordinator)
    Handover(assign::HandoverArgs),
    /// Attach document scans or photos to a record, kept encrypted (after consent); location and device data removed
    Attach(attach::AttachArgs),
    /// A record's attachments: list them, write copies out, the size limit
    #[command(subcommand)]
    Attachment(attach::AttachmentCommand),
    /// Make a letter or application from a record (DOCX or PDF, in --lang); --list shows the templates
    Document(document::DocumentArgs),
    /// Mark a request sent (default today): the wait for its reply and the next action start
    #[command(name = "request-sent")]
    RequestSent(document::RequestSentArgs),
    /// Devices that sent bundles: list, trust, revoke
    #[command(subcommand)]
    Devices(sync::DevicesCommand),
    /// Changes proven but not merged (a laptop writing outside its caseload,
    /// a value the form does not take), oldest first
    #[command(name = "set-aside")]
    SetAside,
    /// List current records, optionally searching names across scripts
    Records(records::RecordsArgs),
    /// Import a referral list (UTF-8 CSV, header row of field ids)
    #[command(name = "import-csv")]
    ImportCsv(import_csv::ImportCsvArgs),
    /// Closed cases past the retention period: how many, and with --apply erase them; `set` changes the period
    Retention(retention::RetentionArgs),
    /// Show the audit trail of one record: every change, who, when, old → new
    History(history::HistoryArgs),
    /// Everything held about one person, for their access request, in their language (encrypted to a recipient, or --plaintext)
    PersonReport(person::PersonReportArgs),
    /// Who exports may be for: a name, an age public key, a purpose (authority, unhcr, partner, internal)
    #[command(subcommand)]
    Recipients(recipients::RecipientsCommand),
    /// The audit trail: every export (to whom, how many), erasure, backup…; `verify` checks nothing was changed
    Audit(audit::AuditArgs),
    /// Fill the database with synthetic people for training and benchmarks
    Demo(DemoArgs),
    /// Check records against the form: missing required fields, bad values, warnings
    Check(check::CheckArgs),
    /// Work with the intake form definition
    #[command(subcommand)]
    Form(form::FormCommand),
}

/// Arguments of `intake demo`.
#[derive(Debug, clap::Args)]
pub struct DemoArgs {
    /// How many people to add
    #[arg(long, value_name = "N")]
    pub records: u64,
    /// Seed for the generator: the same seed gives the same people
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

/// How records are printed.
#[derive(Clone, Copy, Debug, Default, ValueEnum)]
pub enum Format {
    /// Aligned columns for a terminal
    #[default]
    Table,
    /// CSV with a header row
    Csv,
    /// A JSON array
    Json,
}

/// What the command line asked for: a command, run already, or the
/// terminal UI, which `main` opens (the two faces do not know each other).
pub enum Outcome {
    /// A command ran (or failed, said in one sentence): exit with this.
    Done(ExitCode),
    /// No command in a terminal: open the terminal UI with these settings.
    Terminal(Interactive),
}

/// What the terminal UI starts with, as the command line and the
/// settings decided it.
pub struct Interactive {
    /// The database file.
    pub db_path: std::path::PathBuf,
    /// Interface language.
    pub lang: Lang,
    /// Lock after this long without a key.
    pub lock_after: std::time::Duration,
    /// A passphrase given in a file or the environment (skips the prompt once).
    pub passphrase: Option<secrecy::SecretString>,
    /// The intake form in use.
    pub form: crate::config::ActiveForm,
    /// Where a crash report goes.
    pub log_dir: Option<std::path::PathBuf>,
    /// The log file stays open while the UI runs.
    pub log: Option<tracing::subscriber::DefaultGuard>,
    /// Where a coordinator's own document templates are.
    pub templates_dir: std::path::PathBuf,
}

/// Parses the command line and runs its command, or says how to open the
/// terminal UI; errors become one sentence.
pub fn run() -> Outcome {
    // Before any record or key is in memory.
    crate::hygiene::no_core_dumps();
    let texts = Texts::get(early_lang());
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return Outcome::Done(said::command_line(texts, &e)),
    };
    match dispatch(cli) {
        Ok(Some(interactive)) => Outcome::Terminal(interactive),
        Ok(None) => Outcome::Done(ExitCode::SUCCESS),
        Err(err) => Outcome::Done(failed(&err, texts)),
    }
}

/// The language messages are said in, known before the command line is
/// parsed (its own errors need it): `--lang`, else `INTAKE_LANG`, else
/// `config.toml` (in `--config-dir`, or the usual place), else the
/// system's.
pub fn early_lang() -> Lang {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| {
        args.iter().enumerate().find_map(|(i, a)| {
            a.strip_prefix(&format!("{name}="))
                .map(str::to_owned)
                .or_else(|| (a == name).then(|| args.get(i + 1).cloned()).flatten())
        })
    };
    let explicit = flag("--lang").or_else(|| std::env::var("INTAKE_LANG").ok());
    if explicit.is_some() {
        return Lang::choose(explicit.as_deref(), None);
    }
    let configured = ConfigDir::locate(flag("--config-dir").map(std::path::PathBuf::from))
        .and_then(|dir| ConfigDir::read(dir).ok())
        .and_then(|c| c.config.lang);
    Lang::choose(None, configured.as_deref())
}

/// Whether an answer to a yes/no question is yes: `y`, `yes`, or the
/// same on the Russian layout (`н`, `д`, `да`), `и` for Kazakh `иә`.
pub(crate) fn is_yes(answer: &str) -> bool {
    matches!(
        answer.trim().to_lowercase().as_str(),
        "y" | "yes" | "н" | "д" | "да" | "и" | "иә" | "ия"
    )
}

/// Prints an error as one sentence in the user's language; the exit code
/// says what kind it was (2: a wrong passphrase, 1: anything else).
pub fn failed(err: &anyhow::Error, texts: &Texts) -> ExitCode {
    eprintln!("intake: {}", said::error(texts, err));
    let wrong_passphrase = err.chain().any(|e| {
        matches!(
            e.downcast_ref::<StoreError>(),
            Some(StoreError::WrongPassphrase(_))
        )
    });
    ExitCode::from(if wrong_passphrase { 2 } else { 1 })
}

fn dispatch(cli: Cli) -> anyhow::Result<Option<Interactive>> {
    let interactive = std::io::stdout().is_terminal() && std::io::stdin().is_terminal();
    if cli.command.is_none() && !interactive {
        use clap::CommandFactory;
        Cli::command().print_help()?;
        return Ok(None);
    }
    let config_dir = ConfigDir::locate(cli.config_dir)
        .context("no home directory to read settings from; give --config-dir")?;
    // The language comes first so that even a broken config.toml is reported in it.
    let explicit = cli.lang.or_else(|| std::env::var("INTAKE_LANG").ok());
    let config = match ConfigDir::read(config_dir) {
        Ok(c) => c,
        Err(e) => {
            let texts = Texts::get(Lang::choose(explicit.as_deref(), None));
            let why = match e.key {
                Some(key) => texts.text(key, &[]),
                None => e.reason,
            };
            let reason = texts.text(
                "config-err",
                &[
                    ("file", Arg::from(format!("{}:{}", e.file, e.line))),
                    ("reason", Arg::from(why)),
                ],
            );
            anyhow::bail!(reason);
        }
    };
    let lang = Lang::choose(explicit.as_deref(), config.config.lang.as_deref());
    let ctx = Context::new(cli.data_dir, cli.passphrase_file, config, lang)?;
    crate::hygiene::on_panic(
        ctx.texts,
        Some(ctx.data_dir.join("logs")).filter(|d| d.is_dir()),
        || {},
    );
    let Some(command) = cli.command else {
        return interactive_settings(&ctx).map(Some);
    };
    if matches!(command, Command::Init(_)) {
        crate::store::create_private_dir(&ctx.data_dir)
            .with_context(|| format!("cannot create the data directory {}", ctx.data_dir.display()))?;
    }
    let _log = ctx.start_log();
    tracing::info!(command = command.name(), "start");
    let result = match command {
        Command::Init(args) => init::run(&ctx, args),
        Command::Passphrase(passphrase::PassphraseCommand::Change { new_passphrase_file }) => {
            passphrase::change(&ctx, new_passphrase_file.as_deref())
        }
        Command::Backup(args) => backup::backup(&ctx, args),
        Command::Restore(args) => backup::restore(&ctx, args),
        Command::Keys { action: None } => init::keys(&ctx),
        Command::Keys { action: Some(action) } => sync::keys_command(&ctx, action),
        Command::Export(args) => sync::export(&ctx, args),
        Command::Import(args) => sync::import(&ctx, args),
        Command::Devices(cmd) => sync::devices(&ctx, cmd),
        Command::Attach(args) => attach::attach_files(&ctx, args),
        Command::Document(args) => document::run(&ctx, args),
        Command::RequestSent(args) => document::sent(&ctx, args),
        Command::Attachment(cmd) => attach::run(&ctx, cmd),
        Command::Assign(args) => assign::run(&ctx, args),
        Command::Handover(args) => assign::handover(&ctx, args),
        Command::SetAside => sync::set_aside(&ctx),
        Command::Set(args) => edit::set(&ctx, args),
        Command::Conflicts(args) => edit::conflicts(&ctx, args),
        Command::Resolve(args) => edit::resolve(&ctx, args),
        Command::Erase(args) => edit::erase(&ctx, args),
        Command::Delete(args) => edit::delete(&ctx, args),
        Command::Duplicates(args) => duplicates::run(&ctx, args),
        Command::Report(args) => report::run(&ctx, args),
        Command::ExportTable(args) => report::export_table(&ctx, args),
        Command::Records(args) => records::run(&ctx, args),
        Command::ImportCsv(args) => import_csv::run(&ctx, args),
        Command::History(args) => history::run(&ctx, args),
        Command::Audit(args) => audit::run(&ctx, args),
        Command::Recipients(cmd) => recipients::run(&ctx, cmd),
        Command::PersonReport(args) => person::run(&ctx, args),
        Command::Retention(args) => retention::run(&ctx, args),
        Command::Demo(args) => records::demo(&ctx, args),
        Command::Check(args) => check::run(&ctx, args),
        Command::Form(cmd) => form::run(&ctx, cmd),
    };
    match &result {
        Ok(()) => tracing::info!("done"),
        // Error texts can quote user input (a CSV cell), so only the kind is logged.
        Err(_) => tracing::warn!("failed"),
    }
    result.map(|()| None)
}

/// The settings of the terminal UI on the database (or its first-run
/// setup when there is none).
fn interactive_settings(ctx: &Context) -> anyhow::Result<Interactive> {
    let log = ctx.start_log();
    let minutes = ctx.config.config.lock_after_minutes.unwrap_or(10).max(1);
    Ok(Interactive {
        db_path: ctx.db_path(),
        lang: ctx.texts.lang(),
        lock_after: std::time::Duration::from_secs(u64::from(minutes) * 60),
        passphrase: passphrase::given(ctx.texts, ctx.passphrase_file())?,
        form: ctx.form()?,
        log_dir: Some(ctx.data_dir.join("logs")).filter(|d| d.is_dir()),
        log,
        templates_dir: ctx.config.dir.join("templates"),
    })
}

impl Command {
    fn name(&self) -> &'static str {
        match self {
            Command::Init(_) => "init",
            Command::Passphrase(_) => "passphrase",
            Command::Keys { .. } => "keys",
            Command::Backup(_) => "backup",
            Command::Restore(_) => "restore",
            Command::Export(_) => "export",
            Command::Import(_) => "import",
            Command::Devices(_) => "devices",
            Command::Attach(_) => "attach",
            Command::Document(_) => "document",
            Command::RequestSent(_) => "request-sent",
            Command::Attachment(_) => "attachment",
            Command::Assign(_) => "assign",
            Command::Handover(_) => "handover",
            Command::SetAside => "set-aside",
            Command::Set(_) => "set",
            Command::Conflicts(_) => "conflicts",
            Command::Resolve(_) => "resolve",
            Command::Erase(_) => "erase",
            Command::Delete(_) => "delete",
            Command::Duplicates(_) => "duplicates",
            Command::Report(_) => "report",
            Command::ExportTable(_) => "export-table",
            Command::Records(_) => "records",
            Command::ImportCsv(_) => "import-csv",
            Command::History(_) => "history",
            Command::Audit(_) => "audit",
            Command::Recipients(_) => "recipients",
            Command::PersonReport(_) => "person-report",
            Command::Retention(_) => "retention",
            Command::Demo(_) => "demo",
            Command::Check(_) => "check",
            Command::Form(_) => "form",
        }
    }
}

/// Where things are and how to unlock them, resolved once per command.
pub struct Context {
    /// The data directory.
    pub data_dir: PathBuf,
    passphrase_file: Option<PathBuf>,
    /// The configuration directory and its settings.
    pub config: ConfigDir,
    /// Messages in the chosen language.
    pub texts: &'static Texts,
}

impl Context {
    fn new(
        data_dir: Option<PathBuf>,
        passphrase_file: Option<PathBuf>,
        config: ConfigDir,
        lang: Lang,
    ) -> anyhow::Result<Self> {
        let data_dir = match data_dir {
            Some(dir) => dir,
            None => directories::ProjectDirs::from("", "", "intake")
                .map(|d| d.data_dir().to_owned())
                .context("no home directory to keep the data in; give --data-dir")?,
        };
        Ok(Self {
            data_dir,
            passphrase_file,
            config,
            texts: Texts::get(lang),
        })
    }

    /// The form in use; a broken replacement form stops the command with
    /// every problem listed.
    pub fn form(&self) -> anyhow::Result<ActiveForm> {
        self.config
            .form()
            .map_err(|errors| form::refusal(self.texts, &errors))
    }

    /// The database file.
    pub fn db_path(&self) -> PathBuf {
        self.data_dir.join("intake.db")
    }

    /// Logs go to `<data dir>/logs/`, never to the terminal. Set
    /// `INTAKE_LOG=debug` for more. Nothing is logged if the directory
    /// cannot be made (logging must never stop the work).
    fn start_log(&self) -> Option<tracing::subscriber::DefaultGuard> {
        // A mistyped --data-dir must not leave a new directory behind.
        if !self.data_dir.is_dir() {
            return None;
        }
        let dir = self.data_dir.join("logs");
        crate::store::create_private_dir(&dir).ok()?;
        let appender = tracing_appender::rolling::Builder::new()
            .rotation(tracing_appender::rolling::Rotation::DAILY)
            .filename_prefix("intake")
            .filename_suffix("log")
            .max_log_files(14)
            .build(&dir)
            .ok()?;
        let filter = tracing_subscriber::EnvFilter::try_from_env("INTAKE_LOG")
            .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
        let subscriber = tracing_subscriber::fmt()
            .with_writer(appender)
            .with_ansi(false)
            .with_env_filter(filter)
            .finish();
        Some(tracing::subscriber::set_default(subscriber))
    }

    /// Opens and unlocks the existing database, keeping the passphrase
    /// (a backup is encrypted under it).
    pub fn open_with_passphrase(&self) -> anyhow::Result<(Store, secrecy::SecretString)> {
        let path = self.db_path();
        if !path.exists() {
            return Err(StoreError::Missing(path).into());
        }
        let passphrase = passphrase::obtain(self.texts, self.passphrase_file.as_deref(), &path, false, &[])?;
        let store = Store::open(&path, &passphrase)?;
        Ok((store, passphrase))
    }

    /// Opens and unlocks the existing database.
    pub fn open(&self) -> anyhow::Result<Store> {
        let path = self.db_path();
        if !path.exists() {
            return Err(StoreError::Missing(path).into());
        }
        let passphrase = passphrase::obtain(self.texts, self.passphrase_file.as_deref(), &path, false, &[])?;
        Ok(Store::open(&path, &passphrase)?)
    }

    fn passphrase_file(&self) -> Option<&Path> {
        self.passphrase_file.as_deref()
    }
}
