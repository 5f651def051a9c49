//! The `berkut` command: flags in, use-case called, result printed. Errors end as one line on
//! stderr and a non-zero exit, never a panic.

use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use berkut::import::{BatchOutcome, BatchReport, ImportOptions, import_file, import_reader};
use berkut::{demo, keys, serve};
use berkut_core::policy::Policy;
use berkut_core::{CountryCode, DecisionId, Reference};
use berkut_store::{Partner, Store};
use clap::{Args, CommandFactory, FromArgMatches, Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

mod cli_audit;

/// Imports allocate on the reading thread and free on the writing one; glibc's allocator
/// serialises that through arena locks, mimalloc does not (measured in BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Berkut: registry of entry bans and partner-state decisions, and border screening.
#[derive(Parser)]
#[command(name = "berkut", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Args)]
struct DbArgs {
    /// Database: sqlite://PATH (embedded) or postgres://USER[:PASSWORD]@HOST[:PORT]/DB.
    #[arg(
        long,
        env = "BERKUT_DATABASE_URL",
        default_value = "sqlite://berkut.db"
    )]
    db: String,
}

#[derive(Subcommand)]
enum Command {
    /// Create a demo registry of generated persons and decisions and serve it.
    Demo(DemoArgs),
    /// Serve the HTTP API (and the public self-check page at /self-check).
    Serve {
        #[command(flatten)]
        db: DbArgs,
        /// Address to listen on.
        #[arg(long, env = "BERKUT_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        #[command(flatten)]
        policy: PolicyArgs,
        /// Self-checks allowed per client address per minute.
        #[arg(long, default_value_t = 10)]
        self_checks_per_minute: u32,
    },
    /// Accounts of the service and their API tokens.
    #[command(subcommand)]
    Users(UsersCommand),
    /// The audit log: verify its chain, export it.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Apply decision batches (.jsonl or .jsonl.gz, with an optional FILE.sig beside each).
    Import {
        #[command(flatten)]
        db: DbArgs,
        /// Check every line and signature but store nothing.
        #[arg(long)]
        dry_run: bool,
        /// Batch files; each is applied whole or not at all.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Show every stored revision of one decision, oldest first, as JSON lines.
    Decision {
        #[command(flatten)]
        db: DbArgs,
        /// Issuing state, such as RU.
        source: String,
        /// The issuer's reference.
        reference: String,
    },
    /// Screen travelers in bulk: JSON Lines in (fields or a raw MRZ), one result line out each.
    Screen {
        #[command(flatten)]
        db: DbArgs,
        /// Travelers, one JSON object a line (`-` for standard input).
        #[arg(long)]
        input: PathBuf,
        /// Results, one line per input line in the same order (`-` for standard output).
        #[arg(long)]
        output: PathBuf,
        #[command(flatten)]
        policy: PolicyArgs,
    },
    /// Screen citizenship or residence applicants (JSON Lines as for `screen`): eligible,
    /// barred (with the rule) or review, one line each.
    ScreenApplication {
        #[command(flatten)]
        db: DbArgs,
        /// Applicants, one JSON object a line (`-` for standard input).
        #[arg(long)]
        input: PathBuf,
        /// Results, one line per input line in the same order (`-` for standard output).
        #[arg(long)]
        output: PathBuf,
        #[command(flatten)]
        policy: PolicyArgs,
    },
    /// The border policy (the law as data).
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// A border check of one traveler: document, matching, policy; recorded; prints the outcome
    /// with its reasons.
    Check(Box<CheckArgs>),
    /// Border checkpoints (a check names one).
    #[command(subcommand)]
    Checkpoints(CheckpointsCommand),
    /// Emergency declarations that keep expired documents valid.
    #[command(subcommand)]
    Emergency(EmergencyCommand),
    /// Confirm or dismiss a hit of a recorded check (a detention needs two officers).
    #[command(subcommand)]
    Hit(HitCommand),
    /// Persons held pending a partner's decision, with their legal clock.
    #[command(subcommand)]
    Cases(CasesCommand),
    /// A partner's outbound feed of notifications (`berkut.hit/1`), one JSON line each.
    Feed {
        #[command(flatten)]
        db: DbArgs,
        /// The partner state (RU).
        source: String,
        /// Only notifications after this sequence number (where the partner stopped).
        #[arg(long, default_value_t = 0)]
        after: i64,
        #[arg(long, default_value_t = 1000)]
        limit: i64,
    },
    /// Partner states: their public keys and whether their batches must be signed.
    #[command(subcommand)]
    Partners(PartnersCommand),
    /// Sign a batch file with a private key, writing FILE.sig (what a partner does).
    Sign {
        /// PEM private key (PKCS#8), as written by `berkut partners keygen`.
        #[arg(long)]
        key: PathBuf,
        /// The batch file to sign.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum UsersCommand {
    /// Add an account; prints its password (when generated) and a first API token, once.
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// Account name (no spaces).
        name: String,
        /// border_officer, inspector, supervisor, admin, auditor or partner.
        #[arg(long)]
        role: String,
        /// For a partner: the source it sends and reads (RU).
        #[arg(long)]
        source: Option<String>,
        /// Read the password from this environment variable instead of generating one.
        #[arg(long, value_name = "VAR")]
        password_env: Option<String>,
    },
    /// List accounts (never their secrets).
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Issue a new API token for an account (shown once).
    Token {
        #[command(flatten)]
        db: DbArgs,
        name: String,
        /// What the token is for.
        #[arg(long, default_value = "cli")]
        label: String,
    },
    /// Revoke every token of an account (the service stops accepting them within 30 s).
    Revoke {
        #[command(flatten)]
        db: DbArgs,
        name: String,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Check the whole chain; names the first edited, deleted, inserted or reordered entry.
    Verify {
        #[command(flatten)]
        db: DbArgs,
        /// A head noted earlier (SEQ:HASH, as verify prints it): also detects a cut end.
        #[arg(long, value_name = "SEQ:HASH")]
        expect_head: Option<String>,
    },
    /// Write the log as JSON Lines (with the chain hashes), for auditors.
    Export {
        #[command(flatten)]
        db: DbArgs,
        /// Output file (`-` for standard output).
        #[arg(long, default_value = "-")]
        output: PathBuf,
    },
}

#[derive(Args)]
struct DemoArgs {
    /// Database for the demo; by default a fresh sqlite://berkut-demo.db, replaced at each run.
    #[arg(long)]
    db: Option<String>,
    /// How many decision lines to generate.
    #[arg(long, default_value_t = 30_000)]
    decisions: u64,
    /// Seed of the generator: the same seed gives the same registry.
    #[arg(long, default_value_t = berkut_synth::DEFAULT_SEED)]
    seed: u64,
    /// Address to serve on.
    #[arg(long, default_value = "127.0.0.1:8080")]
    listen: SocketAddr,
    /// Load the registry and exit without serving.
    #[arg(long)]
    no_serve: bool,
    /// Only write the generated batch to FILE (.jsonl, or .jsonl.gz to compress) and exit.
    #[arg(long, value_name = "FILE")]
    write_batch: Option<PathBuf>,
    /// With --write-batch: every decision from this source (RU, KZ or KG), as one partner's
    /// batch; by default a mix of the three.
    #[arg(long, requires = "write_batch")]
    source: Option<String>,
}

#[derive(Args)]
struct PolicyArgs {
    /// Policy file (TOML); by default the shipped policy (`policy/default.toml`).
    #[arg(long, env = "BERKUT_POLICY")]
    policy: Option<PathBuf>,
}

impl PolicyArgs {
    fn load(&self) -> Result<Policy> {
        match &self.policy {
            None => Ok(Policy::default_policy()?),
            Some(path) => {
                let text = read_text(path)?;
                Policy::parse(&text)
                    .with_context(|| format!("{} is not a usable policy", path.display()))
            }
        }
    }
}

#[derive(Args)]
struct CheckArgs {
    #[command(flatten)]
    db: DbArgs,
    #[command(flatten)]
    policy: PolicyArgs,
    /// The checkpoint's code (see `berkut checkpoints list`).
    #[arg(long, env = "BERKUT_CHECKPOINT")]
    checkpoint: String,
    /// The officer making the check.
    #[arg(long, env = "BERKUT_OFFICER")]
    officer: String,
    /// `entry` or `exit`.
    #[arg(long, default_value = "entry", value_parser = ["entry", "exit"])]
    direction: String,
    /// Time of the crossing (RFC 3339); now by default.
    #[arg(long)]
    at: Option<String>,
    /// The passport's machine-readable zone, its lines separated by a newline or `\n`.
    #[arg(long, conflicts_with_all = ["family", "given", "birth_date"])]
    mrz: Option<String>,
    /// Family name as the document prints it (or give --mrz).
    #[arg(long)]
    family: Option<String>,
    #[arg(long)]
    given: Option<String>,
    /// YYYY-MM-DD, YYYY-MM or YYYY.
    #[arg(long)]
    birth_date: Option<String>,
    /// M, F or X.
    #[arg(long)]
    sex: Option<String>,
    /// Nationality, ICAO code (UZB).
    #[arg(long)]
    nationality: Option<String>,
    #[arg(long)]
    document_number: Option<String>,
    /// Issuing state of the document, ICAO code.
    #[arg(long)]
    document_country: Option<String>,
    /// YYYY-MM-DD.
    #[arg(long)]
    expires_on: Option<String>,
    /// Print the answer as the API's JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ReviewArgs {
    #[command(flatten)]
    db: DbArgs,
    /// The check's number.
    #[arg(long)]
    check: i64,
    /// The registry person of the hit (P-000123).
    #[arg(long)]
    person: String,
    #[arg(long, env = "BERKUT_OFFICER")]
    officer: String,
    #[arg(long)]
    reason: String,
}

#[derive(Subcommand)]
enum HitCommand {
    /// Confirm a hit: the policy acts on it (a detention needs a second officer to confirm too).
    Confirm {
        #[command(flatten)]
        review: ReviewArgs,
        #[command(flatten)]
        policy: PolicyArgs,
    },
    /// Dismiss a hit: remembered for the check's document until the person's record changes.
    Dismiss(ReviewArgs),
}

#[derive(Subcommand)]
enum CasesCommand {
    /// Open cases first (the nearest to their legal limit first), then closed ones.
    List {
        #[command(flatten)]
        db: DbArgs,
        #[command(flatten)]
        policy: PolicyArgs,
    },
    /// Release the person of an open case, with a reason.
    Release {
        #[command(flatten)]
        db: DbArgs,
        /// C-000001.
        case: String,
        #[arg(long, env = "BERKUT_OFFICER")]
        officer: String,
        #[arg(long)]
        reason: String,
    },
}

#[derive(Subcommand)]
enum CheckpointsCommand {
    /// Add a checkpoint, or rename one.
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// Its code, such as KZ-ZHIBEK-ZHOLY.
        code: String,
        /// Its name.
        name: String,
    },
    /// List the checkpoints.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Subcommand)]
enum EmergencyCommand {
    /// Declare an emergency: documents that expired on or after --expired-on-or-after stay
    /// valid until --valid-until, from --from to --until, at every checkpoint or at those given.
    Declare {
        #[command(flatten)]
        db: DbArgs,
        #[arg(long)]
        title: String,
        /// First day in effect (YYYY-MM-DD).
        #[arg(long)]
        from: String,
        /// Last day in effect.
        #[arg(long)]
        until: String,
        #[arg(long)]
        expired_on_or_after: String,
        #[arg(long)]
        valid_until: String,
        /// Checkpoint codes; every checkpoint when left out.
        #[arg(long = "checkpoint")]
        checkpoints: Vec<String>,
        /// Who declares it.
        #[arg(long, env = "BERKUT_OFFICER")]
        by: String,
    },
    /// List declarations, newest first.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// End a declaration early; --on is the last day it applies.
    End {
        #[command(flatten)]
        db: DbArgs,
        /// E-000001.
        id: String,
        #[arg(long)]
        on: String,
        #[arg(long)]
        reason: String,
        #[arg(long, env = "BERKUT_OFFICER")]
        by: String,
    },
}

#[derive(Subcommand)]
enum PolicyCommand {
    /// Check a policy file: prints its version and rules, or every problem found.
    Check {
        /// The policy file (TOML).
        file: PathBuf,
    },
    /// Print the shipped default policy (a starting point for an administrator's copy).
    Default,
}

#[derive(Subcommand)]
enum PartnersCommand {
    /// Register a partner's Ed25519 public key (or replace it).
    Add {
        #[command(flatten)]
        db: DbArgs,
        /// The partner state, ISO 3166-1 alpha-2 (RU).
        source: String,
        /// File with the public key: PEM, base64 of 32 bytes, or 64 hex digits.
        #[arg(long)]
        public_key: PathBuf,
        /// Refuse this source's batches unless signed with this key.
        #[arg(long, conflicts_with = "no_require_signature")]
        require_signature: bool,
        /// Accept this source's batches unsigned (a signature present must still verify).
        /// Without either flag a registered partner keeps its setting; a new one starts
        /// without the requirement.
        #[arg(long)]
        no_require_signature: bool,
    },
    /// List registered partners.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Make a new key pair, PREFIX.key (private, keep it secret) and PREFIX.pub.
    Keygen {
        /// Path prefix of the two files.
        prefix: PathBuf,
    },
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = match Cli::from_arg_matches(&matches) {
        Ok(cli) => cli,
        Err(error) => error.exit(),
    };
    let call = cli_audit::CliCall::of(&matches);
    let outcome = run(cli);
    let audited = call.map_or(Ok(()), |call| call.record(&outcome));
    match (outcome, audited) {
        (Ok(code), Ok(())) => code,
        // A failed command's error is the one line printed: when its entry cannot be written
        // either, it is for the same reason (the registry could not be opened) or the failure
        // is already being reported.
        (Err(error), _) | (Ok(_), Err(error)) => {
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Demo(args) => run_demo(args),
        Command::Serve {
            db,
            listen,
            policy,
            self_checks_per_minute,
        } => {
            drop(open_existing(&db.db)?);
            let mut config = serve::ServiceConfig::new(&db.db);
            config.policy = policy.policy.is_some().then(|| policy.load()).transpose()?;
            config.self_checks_per_minute = self_checks_per_minute;
            let shown = berkut_store::redact_url(&db.db);
            serve_blocking(listen, config, |address| {
                println!(
                    "Berkut serving {shown} on http://{address} (API /api/v1, OpenAPI /api/v1/openapi.json, self-check /self-check)"
                );
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Users(command) => run_users(command),
        Command::Audit(command) => run_audit(command),
        Command::Import { db, dry_run, files } => run_import(
            &db.db,
            &files,
            ImportOptions {
                dry_run,
                only_source: None,
            },
        ),
        Command::Decision {
            db,
            source,
            reference,
        } => {
            let id = DecisionId {
                source: CountryCode::try_from(source).map_err(anyhow::Error::msg)?,
                reference: Reference::try_from(reference).map_err(anyhow::Error::msg)?,
            };
            let history = open_existing(&db.db)?.history(&id)?;
            if history.is_empty() {
                bail!("no decision {id} in the registry");
            }
            for revision in history {
                println!("{}", revision.raw);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Partners(command) => run_partners(command),
        Command::Screen {
            db,
            input,
            output,
            policy,
        } => run_screen(&db.db, &input, &output, &policy.load()?),
        Command::Check(args) => run_check(&args),
        Command::ScreenApplication {
            db,
            input,
            output,
            policy,
        } => run_screen_application(&db.db, &input, &output, &policy.load()?),
        Command::Checkpoints(CheckpointsCommand::Add { db, code, name }) => {
            let mut store = open(&db.db)?;
            store.save_checkpoint(&berkut_store::Checkpoint {
                code: code.clone(),
                name,
            })?;
            println!("checkpoint {code} saved");
            Ok(ExitCode::SUCCESS)
        }
        Command::Checkpoints(CheckpointsCommand::List { db }) => {
            for checkpoint in open_existing(&db.db)?.checkpoints()? {
                println!("{}\t{}", checkpoint.code, checkpoint.name);
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Emergency(command) => run_emergency(command),
        Command::Hit(HitCommand::Confirm { review, policy }) => {
            let policy = policy.load()?;
            let mut store = open_existing(&review.db.db)?;
            let answer = berkut::review::confirm(
                &mut store,
                &policy,
                review.check,
                &review.person,
                &review.officer,
                &review.reason,
                true,
            )?;
            println!("{answer}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Hit(HitCommand::Dismiss(review)) => {
            let mut store = open_existing(&review.db.db)?;
            let answer = berkut::review::dismiss(
                &mut store,
                review.check,
                &review.person,
                &review.officer,
                &review.reason,
                true,
            )?;
            println!("{answer}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Cases(CasesCommand::List { db, policy }) => {
            use berkut::review::Clock;
            let policy = policy.load()?;
            let mut store = open_existing(&db.db)?;
            store.resolve_cases()?;
            let now = chrono::Utc::now();
            for case in store.cases()? {
                // Shown as before: the limit as a date-time with its offset.
                let until = chrono::DateTime::parse_from_rfc3339(&case.hold_until)
                    .map_or_else(|_| case.hold_until.clone(), |until| until.to_string());
                let clock = match berkut::review::Clock::of(
                    &case,
                    now,
                    policy.case.warn_before_hours,
                ) {
                    Clock::Closed => format!(
                        "closed {} by {} ({})",
                        case.closed_at.as_deref().unwrap_or("?"),
                        case.closed_by.as_deref().unwrap_or("?"),
                        case.close_reason.as_deref().unwrap_or("")
                    ),
                    Clock::Overdue(_) => format!(
                        "OVERDUE: the legal limit passed at {until}; release or bring before a court now"
                    ),
                    Clock::NearLimit(left) => format!(
                        "NEAR LIMIT: {} h {} min left (until {until})",
                        left.num_hours(),
                        left.num_minutes() % 60
                    ),
                    Clock::Open(left) => {
                        format!("open, {} h left (until {until})", left.num_hours())
                    }
                    Clock::Unreadable => "open (unreadable limit)".to_owned(),
                };
                println!(
                    "{}\tP-{:06}\t{} {}\tcheck #{} at {}\t{clock}",
                    case.id,
                    case.person_id,
                    case.source,
                    case.reference,
                    case.check_id,
                    case.checkpoint
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Cases(CasesCommand::Release {
            db,
            case,
            officer,
            reason,
        }) => {
            open_existing(&db.db)?.release_case(&case, &officer, &reason)?;
            println!("{case} closed: released by {officer}");
            Ok(ExitCode::SUCCESS)
        }
        Command::Feed {
            db,
            source,
            after,
            limit,
        } => {
            let source =
                CountryCode::try_from(source.to_ascii_uppercase()).map_err(anyhow::Error::msg)?;
            for (seq, body) in
                open_existing(&db.db)?.notifications(source.as_str(), after, limit)?
            {
                let mut line: serde_json::Value = serde_json::from_str(&body)?;
                line["seq"] = serde_json::json!(seq);
                println!("{line}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Policy(PolicyCommand::Default) => {
            print!("{}", berkut_core::policy::DEFAULT_POLICY);
            Ok(ExitCode::SUCCESS)
        }
        Command::Policy(PolicyCommand::Check { file }) => {
            let text = read_text(&file)?;
            match Policy::parse(&text) {
                Ok(policy) => {
                    println!(
                        "{}: policy {:?} is valid: {} rules, legal clock {} h",
                        file.display(),
                        policy.version,
                        policy.rules.len(),
                        policy.case.max_hold_hours
                    );
                    for rule in &policy.rules {
                        println!("  {:<48} {}", rule.id, rule.then.outcome);
                    }
                    Ok(ExitCode::SUCCESS)
                }
                Err(error) => {
                    eprintln!("{}: {error}", file.display());
                    Ok(ExitCode::FAILURE)
                }
            }
        }
        Command::Sign { key, file } => {
            let key = keys::parse_signing_key(&read_text(&key)?)?;
            let bytes =
                std::fs::read(&file).with_context(|| format!("cannot read {}", file.display()))?;
            let sig_path = keys::signature_path(&file);
            std::fs::write(&sig_path, keys::sign(&key, &bytes) + "\n")
                .with_context(|| format!("cannot write {}", sig_path.display()))?;
            println!("wrote {}", sig_path.display());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn date_arg(text: &str, what: &str) -> Result<chrono::NaiveDate> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .with_context(|| format!("{what}: {text:?} is not a date YYYY-MM-DD"))
}

fn run_emergency(command: EmergencyCommand) -> Result<ExitCode> {
    use berkut_core::validity::{EmergencyDeclaration, Scope};
    match command {
        EmergencyCommand::Declare {
            db,
            title,
            from,
            until,
            expired_on_or_after,
            valid_until,
            checkpoints,
            by,
        } => {
            let declaration = EmergencyDeclaration {
                id: String::new(),
                title,
                scope: if checkpoints.is_empty() {
                    Scope::AllCheckpoints
                } else {
                    Scope::Checkpoints(checkpoints)
                },
                effective_from: date_arg(&from, "--from")?,
                effective_until: date_arg(&until, "--until")?,
                expired_on_or_after: date_arg(&expired_on_or_after, "--expired-on-or-after")?,
                valid_until: date_arg(&valid_until, "--valid-until")?,
                ended_on: None,
            };
            let stored = open_existing(&db.db)?.declare_emergency(&declaration, &by)?;
            println!(
                "declared {}: documents expired on or after {} stay valid until {}, from {} to {}",
                stored.id,
                stored.expired_on_or_after,
                stored.valid_until,
                stored.effective_from,
                stored.effective_until
            );
        }
        EmergencyCommand::List { db } => {
            for stored in open_existing(&db.db)?.emergencies()? {
                let d = &stored.declaration;
                let scope = match &d.scope {
                    Scope::AllCheckpoints => "all checkpoints".to_owned(),
                    Scope::Checkpoints(list) => list.join(", "),
                };
                let ended = match (&d.ended_on, &stored.ended_by, &stored.end_reason) {
                    (Some(on), by, reason) => format!(
                        "; ended after {on} by {} ({})",
                        by.as_deref().unwrap_or("?"),
                        reason.as_deref().unwrap_or("")
                    ),
                    _ => String::new(),
                };
                println!(
                    "{}\t{}\t{} to {}\texpired on or after {} valid until {}\t{scope}\tdeclared by {}{ended}",
                    d.id,
                    d.title,
                    d.effective_from,
                    d.effective_until,
                    d.expired_on_or_after,
                    d.valid_until,
                    stored.declared_by
                );
            }
        }
        EmergencyCommand::End {
            db,
            id,
            on,
            reason,
            by,
        } => {
            open_existing(&db.db)?.end_emergency(&id, date_arg(&on, "--on")?, &by, &reason)?;
            println!("{id} ended: it applies no more after {on}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// A JSON Lines input: a file, or standard input for `-`.
fn lines_in(input: &Path) -> Result<Box<dyn std::io::BufRead>> {
    Ok(if input == Path::new("-") {
        Box::new(std::io::stdin().lock())
    } else {
        let file = std::fs::File::open(input)
            .with_context(|| format!("cannot read {}", input.display()))?;
        Box::new(std::io::BufReader::with_capacity(1 << 20, file))
    })
}

/// A JSON Lines output: a file, or standard output for `-`.
fn lines_out(output: &Path) -> Result<Box<dyn std::io::Write>> {
    Ok(if output == Path::new("-") {
        Box::new(std::io::BufWriter::new(std::io::stdout().lock()))
    } else {
        let file = std::fs::File::create(output)
            .with_context(|| format!("cannot write {}", output.display()))?;
        Box::new(std::io::BufWriter::with_capacity(1 << 20, file))
    })
}

fn run_screen_application(
    url: &str,
    input: &Path,
    output: &Path,
    policy: &Policy,
) -> Result<ExitCode> {
    let reader = lines_in(input)?;
    let mut store = open_existing(url)?;
    let index = berkut::screen::load_index(&mut store)?;
    drop(store);
    let writer = lines_out(output)?;
    let today = policy.local_day(chrono::Utc::now());
    let summary =
        berkut::screen::application_stream(&index, policy, reader, writer, today, &|_| {})?;
    eprintln!(
        "screened {} applicants: {} with registry matches, {} lines in error",
        summary.travelers, summary.with_hits, summary.errors
    );
    Ok(ExitCode::SUCCESS)
}

fn run_check(args: &CheckArgs) -> Result<ExitCode> {
    use berkut_core::policy::Direction;
    let policy = args.policy.load()?;
    let at = match &args.at {
        Some(text) => chrono::DateTime::parse_from_rfc3339(text)
            .with_context(|| {
                format!("--at: {text:?} is not an RFC 3339 time (2026-11-21T08:15:00Z)")
            })?
            .with_timezone(&chrono::Utc),
        None => chrono::Utc::now(),
    };
    if args.mrz.is_none() && args.family.is_none() {
        bail!(
            "give the traveler: --mrz 'LINE1\\nLINE2', or --family with --given, --birth-date and the document's fields"
        );
    }
    if at > chrono::Utc::now() + chrono::Duration::hours(1) {
        bail!("--at {at} is in the future: a check is recorded when it happens");
    }
    let traveler = match &args.mrz {
        Some(mrz) => serde_json::json!({"mrz": mrz.replace("\\n", "\n")}),
        None => {
            let mut t = serde_json::json!({"family": args.family});
            for (field, value) in [
                ("given", &args.given),
                ("birth_date", &args.birth_date),
                ("sex", &args.sex),
                ("nationality", &args.nationality),
            ] {
                if let Some(value) = value {
                    t[field] = serde_json::json!(value);
                }
            }
            if let Some(number) = &args.document_number {
                t["document"] = serde_json::json!({"number": number});
                if let Some(country) = &args.document_country {
                    t["document"]["country"] = serde_json::json!(country);
                }
                if let Some(expires) = &args.expires_on {
                    t["document"]["expires_on"] = serde_json::json!(expires);
                }
            } else if args.document_country.is_some() || args.expires_on.is_some() {
                bail!("--document-country and --expires-on need --document-number");
            }
            t
        }
    };
    let mut store = open_existing(&args.db.db)?;
    let index = berkut::screen::load_index(&mut store)?;
    let request = berkut::check::CheckRequest {
        traveler,
        checkpoint: args.checkpoint.clone(),
        direction: if args.direction == "exit" {
            Direction::Exit
        } else {
            Direction::Entry
        },
        at,
        officer: args.officer.clone(),
    };
    let answer = berkut::check::check(&mut store, &index, &policy, &request)?;
    if args.json {
        println!("{answer}");
    } else {
        print!("{}", berkut::check::describe(&answer));
    }
    Ok(ExitCode::SUCCESS)
}

fn open(url: &str) -> Result<Store> {
    let store = Store::open(url)?;
    cli_audit::note_opened();
    Ok(store)
}

/// Opens a registry that must exist already: commands that only read (or serve) it must not
/// create an empty one because of a typo in `--db`; an empty registry admits everyone.
fn open_existing(url: &str) -> Result<Store> {
    if let Some(path) = url.strip_prefix("sqlite://")
        && !Path::new(path).exists()
    {
        bail!(
            "no registry at {path}: check --db, or create one with `berkut import` or `berkut demo`"
        );
    }
    open(url)
}

fn run_screen(url: &str, input: &Path, output: &Path, policy: &Policy) -> Result<ExitCode> {
    // The input first: a wrong path is reported before minutes of index building, not after.
    // The output is created only once the registry has been read (a wrong --db must not
    // truncate an earlier result file).
    let reader = lines_in(input)?;
    let started = std::time::Instant::now();
    let mut store = open_existing(url)?;
    let index = berkut::screen::load_index(&mut store)?;
    drop(store);
    let stats = index.stats();
    eprintln!(
        "index: {} persons, {} decisions, built in {:.1} s",
        stats.persons,
        stats.decisions,
        started.elapsed().as_secs_f64()
    );
    let writer = lines_out(output)?;
    let length = std::fs::metadata(input).map(|m| m.len()).unwrap_or(0);
    let bar = progress_bar(length);
    let screening = std::time::Instant::now();
    let today = policy.local_day(chrono::Utc::now());
    let summary = berkut::screen::screen_stream(&index, policy, reader, writer, today, &|bytes| {
        bar.inc(bytes)
    })?;
    bar.finish_and_clear();
    let seconds = screening.elapsed().as_secs_f64();
    eprintln!(
        "screened {} travelers in {seconds:.2} s ({:.0}/s): {} with hits, {} lines in error",
        summary.travelers,
        summary.travelers as f64 / seconds.max(1e-9),
        summary.with_hits,
        summary.errors
    );
    Ok(ExitCode::SUCCESS)
}

fn read_text(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

fn run_partners(command: PartnersCommand) -> Result<ExitCode> {
    match command {
        PartnersCommand::Add {
            db,
            source,
            public_key,
            require_signature,
            no_require_signature,
        } => {
            let source = CountryCode::try_from(source).map_err(anyhow::Error::msg)?;
            let key = keys::parse_public_key(&read_text(&public_key)?)
                .with_context(|| format!("{}", public_key.display()))?;
            let mut store = open(&db.db)?;
            let before = store.partner(&source)?;
            // Rotating a key must not quietly drop the signature requirement.
            let require_signature = match (require_signature, no_require_signature) {
                (true, _) => true,
                (_, true) => false,
                _ => before.as_ref().is_some_and(|p| p.require_signature),
            };
            store.save_partner(&Partner {
                source: source.clone(),
                public_key: Some(key.to_bytes()),
                require_signature,
            })?;
            let rule = |required: bool| {
                if required {
                    "required"
                } else {
                    "checked when present"
                }
            };
            match before {
                Some(before) if before.require_signature != require_signature => println!(
                    "partner {source}: key registered, signatures {} (were {})",
                    rule(require_signature),
                    rule(before.require_signature)
                ),
                _ => println!(
                    "partner {source}: key registered, signatures {}",
                    rule(require_signature)
                ),
            }
        }
        PartnersCommand::List { db } => {
            for partner in open_existing(&db.db)?.partners()? {
                println!(
                    "{}\tkey: {}\tsignatures: {}",
                    partner.source,
                    if partner.public_key.is_some() {
                        "registered"
                    } else {
                        "none"
                    },
                    if partner.require_signature {
                        "required"
                    } else {
                        "optional"
                    }
                );
            }
        }
        PartnersCommand::Keygen { prefix } => {
            let (private, public) = keys::generate_key_pair()?;
            let with = |extension: &str| {
                let mut name = prefix.as_os_str().to_owned();
                name.push(extension);
                PathBuf::from(name)
            };
            let (private_path, public_path) = (with(".key"), with(".pub"));
            if public_path.exists() {
                bail!(
                    "{} exists already; not overwriting a key",
                    public_path.display()
                );
            }
            write_new_file(&private_path, &private, 0o600)?;
            write_new_file(&public_path, &public, 0o644)?;
            println!(
                "wrote {} (secret) and {}",
                private_path.display(),
                public_path.display()
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a file that must not exist yet (a key is never overwritten), with `mode` permissions.
fn write_new_file(path: &Path, contents: &str, mode: u32) -> Result<()> {
    use std::io::Write;
    use std::os::unix::fs::OpenOptionsExt;
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(mode)
        .open(path)
        .with_context(|| {
            format!(
                "cannot create {} (a key is never overwritten)",
                path.display()
            )
        })?;
    file.write_all(contents.as_bytes())
        .with_context(|| format!("cannot write {}", path.display()))
}

fn progress_bar(length: u64) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(length), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(
        "{spinner} {msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})",
    ) {
        bar.set_style(style.progress_chars("=> "));
    }
    bar
}

/// Per-source totals across all batches of one run.
#[derive(Default)]
struct Totals {
    inserted: u64,
    updated: u64,
    unchanged: u64,
    rejected: u64,
}

fn run_import(url: &str, files: &[PathBuf], options: ImportOptions) -> Result<ExitCode> {
    let mut store = open(url)?;
    let mut totals: BTreeMap<String, Totals> = BTreeMap::new();
    let mut any_rejected = false;
    for file in files {
        let bar = progress_bar(0);
        bar.set_message(file.display().to_string());
        let report = import_file(&mut store, file, options, &bar)
            .with_context(|| format!("importing {}", file.display()))?;
        bar.finish_and_clear();
        any_rejected |= report.is_rejected();
        print_report(&report, &mut totals);
    }
    print_totals(&totals);
    if !options.dry_run {
        // A partner's new revision (final, executed, revoked) ends the cases held pending it.
        for case in store.resolve_cases()? {
            println!(
                "case {} closed: {} {} decided by the partner; the person held at {} may be released or handed over",
                case.id, case.source, case.reference, case.checkpoint
            );
        }
    }
    Ok(if any_rejected {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn print_report(report: &BatchReport, totals: &mut BTreeMap<String, Totals>) {
    let seconds = report.elapsed.as_secs_f64();
    let rate = report.lines as f64 / seconds.max(1e-9);
    let signed = |signed_by: &[CountryCode]| {
        if signed_by.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = signed_by.iter().map(CountryCode::as_str).collect();
            format!(", signature verified for {}", names.join(", "))
        }
    };
    match &report.outcome {
        BatchOutcome::Applied { summary, signed_by } => {
            println!(
                "{}: applied {} lines in {seconds:.2} s ({rate:.0} lines/s){}",
                report.name,
                report.lines,
                signed(signed_by)
            );
            if !summary.differing.is_empty() {
                let total: u64 = summary.counts.values().map(|c| c.differing).sum();
                eprintln!(
                    "  warning: {total} lines repeat a stored revision with different content; ignored (a change needs a new revision), e.g.:"
                );
                for example in &summary.differing {
                    eprintln!("    {example}");
                }
            }
            for (source, counts) in &summary.counts {
                let total = totals.entry(source.to_string()).or_default();
                total.inserted += counts.inserted;
                total.updated += counts.updated;
                total.unchanged += counts.unchanged;
            }
        }
        BatchOutcome::Valid { signed_by } => {
            println!(
                "{}: valid, {} lines (dry run, nothing stored){}",
                report.name,
                report.lines,
                signed(signed_by)
            );
        }
        BatchOutcome::Rejected {
            problems,
            bad_lines,
        } => {
            if bad_lines.is_empty() {
                eprintln!("{}: rejected, nothing stored", report.name);
            } else {
                eprintln!(
                    "{}: rejected, nothing stored ({} bad of {} lines)",
                    report.name,
                    bad_lines.len(),
                    report.lines
                );
            }
            for problem in problems {
                eprintln!("  {problem}");
            }
            for bad in bad_lines {
                eprintln!("  line {}: {}", bad.line, bad.error);
            }
            let attributed: u64 = report.lines_per_source.values().sum();
            for (source, lines) in &report.lines_per_source {
                totals.entry(source.to_string()).or_default().rejected += lines;
            }
            if report.lines > attributed {
                totals.entry("(unread)".to_owned()).or_default().rejected +=
                    report.lines - attributed;
            }
        }
    }
}

fn print_totals(totals: &BTreeMap<String, Totals>) {
    if totals.is_empty() {
        return;
    }
    println!(
        "{:<8}{:>10}{:>10}{:>11}{:>10}",
        "source", "inserted", "updated", "unchanged", "rejected"
    );
    for (source, t) in totals {
        println!(
            "{source:<8}{:>10}{:>10}{:>11}{:>10}",
            t.inserted, t.updated, t.unchanged, t.rejected
        );
    }
}

fn run_demo(args: DemoArgs) -> Result<ExitCode> {
    if let Some(path) = &args.write_batch {
        demo::write_batch(path, args.decisions, args.seed, args.source.as_deref())
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!(
            "wrote {} decision lines to {} (seed {})",
            args.decisions,
            path.display(),
            args.seed
        );
        return Ok(ExitCode::SUCCESS);
    }
    let url = match args.db {
        Some(url) => url,
        None => {
            let path = Path::new("berkut-demo.db");
            demo::remove_sqlite_files(path).context("cannot remove the previous demo database")?;
            format!("sqlite://{}", path.display())
        }
    };
    let mut store = open(&url)?;
    println!(
        "Generating {} decision lines (seed {}) ...",
        args.decisions, args.seed
    );
    let batch = demo::batch_bytes(args.decisions, args.seed);
    let bar = progress_bar(batch.len() as u64);
    let name = format!("demo registry (seed {})", args.seed);
    let report = import_reader(
        &mut store,
        &name,
        batch.as_slice(),
        None,
        "(unsigned)",
        ImportOptions::default(),
        &bar,
    )?;
    bar.finish_and_clear();
    let mut totals = BTreeMap::new();
    print_report(&report, &mut totals);
    if report.is_rejected() {
        bail!("the generated demo registry was rejected; this is a bug");
    }
    print_totals(&totals);
    for (code, name) in demo::CHECKPOINTS {
        store.save_checkpoint(&berkut_store::Checkpoint {
            code: (*code).to_owned(),
            name: (*name).to_owned(),
        })?;
    }
    let registry = store.counts()?;
    let accounts = demo_accounts(&mut store)?;
    drop(store);
    println!(
        "Registry {}: {} decisions, {} revisions, {} persons.",
        berkut_store::redact_url(&url),
        registry.decisions,
        registry.revisions,
        registry.persons
    );
    println!(
        "Checkpoints: {} (try `berkut check --db {} --checkpoint {} --officer demo --family IVANOV --birth-date 1980-01-01`, or --mrz with the two lines of a passport's MRZ).",
        demo::CHECKPOINTS.map(|c| c.0).join(", "),
        berkut_store::redact_url(&url),
        demo::CHECKPOINTS[0].0
    );
    println!("Demo accounts (password, then API token; shown once):");
    for (name, role, password, token) in &accounts {
        println!("  {name:<12} {role:<15} {password}  {token}");
    }
    if args.no_serve {
        return Ok(ExitCode::SUCCESS);
    }
    serve_blocking(args.listen, serve::ServiceConfig::new(&url), |address| {
        println!(
            "Berkut demo serving on http://{address}  (API http://{address}/api/v1, OpenAPI \
             http://{address}/api/v1/openapi.json, self-check page http://{address}/self-check, \
             health /healthz, metrics /metrics; Ctrl-C stops)"
        );
        println!(
            "  try: curl -s -H 'Authorization: Bearer {}' -d '{{\"checkpoint\":\"{}\",\"family\":\"IVANOV\",\"birth_date\":\"1980-01-01\"}}' -H 'content-type: application/json' http://{address}/api/v1/checks",
            accounts.first().map_or("", |a| a.3.as_str()),
            demo::CHECKPOINTS[0].0
        );
    })?;
    Ok(ExitCode::SUCCESS)
}

/// One demo account per role, with generated passwords and tokens.
fn demo_accounts(store: &mut berkut_store::Store) -> Result<Vec<(String, String, String, String)>> {
    use berkut::accounts::{Role, add_user, generate_password, issue_token};
    let mut accounts = Vec::new();
    for (name, role, source) in [
        ("officer", Role::BorderOfficer, None),
        ("officer2", Role::BorderOfficer, None),
        ("inspector", Role::Inspector, None),
        ("supervisor", Role::Supervisor, None),
        ("admin", Role::Admin, None),
        ("auditor", Role::Auditor, None),
        ("partner-ru", Role::Partner, Some("RU")),
    ] {
        let password = generate_password();
        add_user(store, name, role, source, &password)?;
        let token = issue_token(store, name, "demo")?;
        accounts.push((name.to_owned(), role.to_string(), password, token));
    }
    Ok(accounts)
}

fn serve_blocking(
    listen: SocketAddr,
    config: serve::ServiceConfig,
    ready: impl FnOnce(SocketAddr),
) -> Result<()> {
    let state = serve::AppState::open(config)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(serve::serve(listen, state, ready))
}

fn run_users(command: UsersCommand) -> Result<ExitCode> {
    use berkut::accounts::{Role, add_user, generate_password, issue_token};
    match command {
        UsersCommand::Add {
            db,
            name,
            role,
            source,
            password_env,
        } => {
            let role = Role::parse(&role).with_context(|| {
                format!(
                    "unknown role {role:?} (roles: {})",
                    Role::ALL.map(|r| r.as_str()).join(", ")
                )
            })?;
            let (password, generated) = match password_env {
                Some(var) => (
                    std::env::var(&var).with_context(|| format!("${var} is not set"))?,
                    false,
                ),
                None => (generate_password(), true),
            };
            let mut store = open(&db.db)?;
            add_user(&mut store, &name, role, source.as_deref(), &password)?;
            let token = issue_token(&mut store, &name, "first token")?;
            println!("account {name} ({role}) added");
            if generated {
                println!("password: {password}");
            }
            println!("token:    {token}");
            println!("(shown once; only their hashes are stored)");
        }
        UsersCommand::List { db } => {
            for user in open_existing(&db.db)?.users()? {
                println!(
                    "{}\t{}\t{}{}",
                    user.name,
                    user.role,
                    user.source.unwrap_or_default(),
                    if user.disabled { "\tdisabled" } else { "" }
                );
            }
        }
        UsersCommand::Token { db, name, label } => {
            let token = issue_token(&mut open_existing(&db.db)?, &name, &label)?;
            println!("{token}");
        }
        UsersCommand::Revoke { db, name } => {
            let mut store = open_existing(&db.db)?;
            let user = store
                .user(&name)?
                .with_context(|| format!("no account {name:?}"))?;
            let revoked = store.revoke_tokens(user.id)?;
            println!("{revoked} token(s) of {name} revoked");
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn run_audit(command: AuditCommand) -> Result<ExitCode> {
    match command {
        AuditCommand::Verify { db, expect_head } => {
            let expected = match &expect_head {
                Some(text) => {
                    let (seq, hash) = text
                        .split_once(':')
                        .and_then(|(s, h)| Some((s.parse::<i64>().ok()?, h.to_owned())))
                        .context("--expect-head is SEQ:HASH, as `berkut audit verify` prints it")?;
                    Some((seq, hash))
                }
                None => None,
            };
            let expected = expected.as_ref().map(|(seq, hash)| (*seq, hash.as_str()));
            let (seq, hash) = match open_existing(&db.db)?.verify_audit(expected)? {
                Ok(head) => head,
                Err(b) => {
                    eprintln!("audit log BROKEN at entry #{}: {b}", b.seq());
                    return Ok(ExitCode::FAILURE);
                }
            };
            println!("audit log intact: {seq} entries; head {seq}:{hash}");
        }
        AuditCommand::Export { db, output } => {
            use std::io::Write;
            let mut out = lines_out(&output)?;
            let mut written = 0u64;
            let mut failure = None;
            open_existing(&db.db)?.for_each_audit(&mut |entry| {
                if failure.is_none() {
                    match serde_json::to_string(&entry)
                        .map_err(std::io::Error::other)
                        .and_then(|line| writeln!(out, "{line}"))
                    {
                        Ok(()) => written += 1,
                        Err(e) => failure = Some(e),
                    }
                }
                Ok(())
            })?;
            if let Some(e) = failure {
                return Err(e).context("cannot write the export");
            }
            out.flush().context("cannot write the export")?;
            if output != Path::new("-") {
                println!("exported {written} audit entries to {}", output.display());
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
