//! The command line. Every option can also be set from the environment (shown in --help).

use clap::{Args, Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "assure",
    version,
    about = "Improvement plans, quality assurance and performance for children's services"
)]
pub struct Cli {
    /// Database: sqlite:PATH or postgres://… (default: a SQLite file in the data directory).
    #[arg(
        long,
        env = "ASSURE_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,

    /// Where the default SQLite database lives.
    #[arg(long, env = "ASSURE_DATA_DIR", global = true, default_value = "data")]
    pub data_dir: PathBuf,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Load the 2010 seed plan into an empty database and serve it.
    Demo {
        #[arg(long, default_value = "127.0.0.1:8080", env = "ASSURE_ADDR")]
        addr: SocketAddr,
        /// Load the demo data and exit without serving.
        #[arg(long)]
        no_serve: bool,
    },
    /// Serve the web pages.
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080", env = "ASSURE_ADDR")]
        addr: SocketAddr,
    },
    /// Import, list and export plans.
    #[command(subcommand)]
    Plan(PlanCommand),
    /// Change an action: status (with a reason) or a dated evaluation entry.
    #[command(subcommand)]
    Action(ActionCommand),
    /// Mark a milestone completed (or not).
    #[command(subcommand)]
    Milestone(MilestoneCommand),
    /// Measurable success judged by evidence: list measures, accept or choose a status.
    #[command(subcommand)]
    Measure(MeasureCommand),
    /// Reports for the board.
    #[command(subcommand)]
    Report(ReportCommand),
    /// Child-level data: the CIN census XML and Ofsted Annex A lists.
    #[command(subcommand)]
    Data(DataCommand),
    /// Compute the indicator catalogue from a stored dataset or straight from a file.
    Kpi(KpiArgs),
    /// Accounts: add (with a one-time set-up code, or a password on standard input) and list.
    #[command(subcommand)]
    User(UserCommand),
    /// Personal API tokens.
    #[command(subcommand)]
    Token(TokenCommand),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Comparators the council adds itself: another authority's figure, with source and date.
    #[command(subcommand)]
    Comparator(ComparatorCommand),
}

#[derive(Args, Debug)]
#[group(required = true, multiple = false, id = "source")]
pub struct KpiSource {
    /// A stored dataset's id.
    #[arg(long)]
    pub dataset: Option<i64>,
    /// A file read directly, without storing it (computed even when validation finds errors).
    #[arg(long)]
    pub input: Option<PathBuf>,
}

#[derive(Args, Debug)]
pub struct KpiArgs {
    #[command(flatten)]
    pub source: KpiSource,
    /// START..END, both inclusive (default: the census year of the data, 1 April – 31 March).
    #[arg(long)]
    pub period: Option<String>,
    #[arg(long, default_value = "table", value_parser = ["json", "csv", "table"])]
    pub format: String,
    /// Children aged 0–17 in the area, for rates per 10,000.
    #[arg(long)]
    pub population: Option<u64>,
    /// Extra assessment timeliness limits in working days (e.g. 10 and 35), repeatable.
    #[arg(long = "assessment-limit")]
    pub assessment_limits: Vec<u32>,
    /// The census year of an --input file when it does not say.
    #[arg(long)]
    pub year: Option<i32>,
}

#[derive(Subcommand, Debug)]
pub enum DataCommand {
    /// Check a file against the DfE CIN census rules or the Annex A checks, storing nothing.
    /// Exit status: 0 no errors, 1 errors found, 2 the file cannot be read.
    Validate {
        /// A CIN census XML file, an Annex A workbook, an Annex A CSV file or a folder of them.
        file: PathBuf,
        #[arg(long, default_value = "text", value_parser = ["text", "json", "csv"])]
        format: String,
        /// The census year (ending 31 March) when the file does not say.
        #[arg(long)]
        year: Option<i32>,
    },
    /// Validate and store a file as a dataset, all or nothing.
    Import {
        file: PathBuf,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        year: Option<i32>,
        /// Store the data even when validation finds errors (they are stored with it).
        #[arg(long)]
        allow_errors: bool,
        #[arg(long, env = "ASSURE_USER")]
        by: Option<String>,
    },
    /// List stored datasets.
    List {
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Show a dataset's stored validation issues.
    Issues {
        id: i64,
        #[arg(long)]
        rule: Option<String>,
        #[arg(long, value_parser = ["error", "query"])]
        severity: Option<String>,
        #[arg(long, default_value = "text", value_parser = ["text", "json", "csv"])]
        format: String,
    },
    /// Delete a dataset and everything stored with it.
    Delete { id: i64 },
    /// Write synthetic children who walk the pathway consistently (no real data, no names).
    Generate(GenerateArgs),
}

#[derive(Args, Debug)]
pub struct GenerateArgs {
    /// How many children to simulate. Contact-only and early-help-only children appear in
    /// Annex A but not in the CIN census (about 62% of them are in the census).
    #[arg(long)]
    pub children: Option<u64>,
    /// The census year, ending 31 March (default: the profile's).
    #[arg(long)]
    pub year: Option<i32>,
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// england: rates near the England figures; seed-2010: the 2010 plan's S47 → ICPC → CP funnel.
    #[arg(long, default_value = "england", value_parser = ["england", "seed-2010"])]
    pub profile: String,
    #[arg(long, value_parser = ["cin-xml", "annex-a-xlsx", "annex-a-csv"])]
    pub format: String,
    /// Output file (a folder for annex-a-csv).
    #[arg(short = 'o', long)]
    pub output: PathBuf,
    /// Plant a documented set of rule violations (about one child in a hundred).
    #[arg(long)]
    pub inject_errors: bool,
}

#[derive(Subcommand, Debug)]
pub enum PlanCommand {
    /// Import a plan file (TOML, YAML, JSON or xlsx, by extension) as a new plan.
    Import {
        file: PathBuf,
        /// Who is importing, recorded in status history (default: $USER).
        #[arg(long, env = "ASSURE_USER")]
        by: Option<String>,
    },
    /// List plans.
    List {
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Export a plan.
    Export {
        #[command(flatten)]
        plan: PlanChoice,
        #[arg(long, value_parser = ["json", "toml", "yaml", "xlsx"])]
        format: String,
        /// Output file (default: standard output).
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
}

#[derive(Args, Debug, Clone, Copy)]
pub struct PlanChoice {
    /// The plan's id (default: the only plan, when there is one).
    #[arg(long = "plan")]
    pub id: Option<i64>,
}

#[derive(Subcommand, Debug)]
pub enum ActionCommand {
    /// Change an action's status; a reason is required and kept in its history.
    Status {
        action_id: i64,
        #[arg(long, value_parser = ["Blue", "Green", "Amber", "Red", "Not rated", "blue", "green", "amber", "red", "not-rated"])]
        to: String,
        #[arg(long)]
        reason: String,
        #[arg(long, env = "ASSURE_USER")]
        by: Option<String>,
        /// The version you last saw; the change is refused if the action has changed since.
        #[arg(long = "version")]
        expected_version: Option<i64>,
    },
    /// Add a dated entry to the action's evaluation against milestones.
    Evaluate {
        action_id: i64,
        #[arg(long)]
        text: String,
        /// The entry's date (default: today).
        #[arg(long)]
        date: Option<chrono::NaiveDate>,
        #[arg(long = "version")]
        expected_version: Option<i64>,
    },
}

#[derive(Subcommand, Debug)]
pub enum MilestoneCommand {
    /// Mark a milestone completed.
    Complete {
        milestone_id: i64,
        /// Mark it not completed instead.
        #[arg(long)]
        undo: bool,
        #[arg(long = "version")]
        expected_version: Option<i64>,
    },
}

#[derive(Subcommand, Debug)]
pub enum MeasureCommand {
    /// Each measure with its latest value and n, the suggested and the chosen status.
    List {
        #[command(flatten)]
        plan: PlanChoice,
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Accept the status the evidence suggests, or choose another with a reason (kept in
    /// the measure's history).
    Status {
        measure_id: i64,
        /// Take the status the evidence suggests.
        #[arg(long, conflicts_with = "to", required_unless_present = "to")]
        accept: bool,
        /// Choose this status instead; a reason is required.
        #[arg(long, value_parser = ["Blue", "Green", "Amber", "Red", "Not rated", "blue", "green", "amber", "red", "not-rated"])]
        to: Option<String>,
        /// Why (required with --to; added to the standard wording with --accept).
        #[arg(long)]
        reason: Option<String>,
        #[arg(long, env = "ASSURE_USER")]
        by: Option<String>,
        /// The version you last saw; the change is refused if the measure has changed since.
        #[arg(long = "version")]
        expected_version: Option<i64>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// The board paper: Table 1, status summary, each area's header and actions tables.
    Board {
        #[command(flatten)]
        plan: PlanChoice,
        #[arg(long, value_parser = ["html", "docx", "xlsx", "pdf"])]
        format: String,
        #[arg(short = 'o', long)]
        output: PathBuf,
        /// The day the paper is as at, for overdue (default: today).
        #[arg(long)]
        as_at: Option<chrono::NaiveDate>,
    },
}

#[derive(Subcommand, Debug)]
pub enum ComparatorCommand {
    /// Add another authority's figure for an indicator (shown on the performance pages).
    Add {
        /// The indicator id, e.g. icpc_dropout_pct (see `assure kpi`).
        #[arg(long)]
        indicator: String,
        /// Who the figure is for, e.g. "Milton Keynes".
        #[arg(long)]
        label: String,
        /// The figure: a percentage (0–100) for a percentage indicator.
        #[arg(long)]
        value: f64,
        /// Where the figure comes from.
        #[arg(long)]
        source: String,
        /// The date the figure is for or was published (YYYY-MM-DD).
        #[arg(long)]
        date: chrono::NaiveDate,
        /// percent, count or rate_per_10k (default: the indicator's own unit).
        #[arg(long, value_parser = ["percent", "count", "rate_per_10k"])]
        unit: Option<String>,
    },
    /// List the comparators added.
    List {
        /// Only this indicator's.
        #[arg(long)]
        indicator: Option<String>,
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Delete a comparator.
    Delete { id: i64 },
}

#[derive(Subcommand, Debug)]
pub enum UserCommand {
    /// Add an account. Prints a one-time set-up code unless --password-stdin is given.
    Add {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        #[arg(long, value_parser = ["admin", "plan-owner", "action-lead", "viewer", "data-analyst"])]
        role: String,
        /// The plan person (name or initials) this account is, e.g. "RH".
        #[arg(long)]
        person: Option<String>,
        /// Read the password from standard input instead (for automation).
        #[arg(long)]
        password_stdin: bool,
        /// Link the account for single sign-on: the identity provider's issuer, exactly as
        /// in its tokens (e.g. https://login.microsoftonline.com/TENANT-ID/v2.0).
        #[arg(long, requires = "oidc_subject")]
        oidc_issuer: Option<String>,
        /// The person's subject (`sub`) at that provider. Accounts are matched by issuer
        /// and subject, never by email; a first sign-in attempt records the subject in the
        /// audit trail (sign-in.oidc.unknown). With these and no --password-stdin, no set-up
        /// code is printed: the person signs in with their organisation's account.
        #[arg(long, requires = "oidc_issuer")]
        oidc_subject: Option<String>,
    },
    /// List accounts.
    List,
}

#[derive(Subcommand, Debug)]
pub enum TokenCommand {
    /// Create a personal API token for an account; it is printed once.
    Create {
        #[arg(long)]
        email: String,
        #[arg(long, default_value = "command line")]
        label: String,
    },
}

#[derive(Subcommand, Debug)]
pub enum AuditCommand {
    /// Write the audit trail.
    Export {
        #[arg(long, default_value = "csv", value_parser = ["csv", "json"])]
        format: String,
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
}
