//! The arguments of `balie sync` and `balie server init|add-desk|add-coordinator|status`.

use clap::{Args, Subcommand};

use super::Format;

#[derive(Debug, Args)]
#[command(
    after_help = "The server is named by [sync] url in the config or BALIE_SYNC_URL \
    (postgres://LOGIN:PASSWORD@HOST:PORT/DATABASE?sslmode=verify-full&sslrootcert=CA.pem). \
    A desk sends its new, edited and deleted contacts (notes only with [sync] notes = true) \
    and receives the published articles; a coordinator receives every desk's contacts. \
    Passwords are never shown."
)]
pub struct SyncArgs {
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}

#[derive(Debug, Args)]
pub struct ServerArgs {
    #[command(subcommand)]
    pub action: ServerAction,
}

#[derive(Debug, Args)]
pub struct AdminUrl {
    /// An administrator's URL of the city's PostgreSQL database (a login that may create
    /// roles), e.g. postgres://admin@db.example/balie?sslmode=verify-full
    #[arg(
        long,
        env = "BALIE_ADMIN_URL",
        value_name = "URL",
        hide_env_values = true
    )]
    pub admin_url: String,
}

#[derive(Debug, Subcommand)]
pub enum ServerAction {
    /// Create (or upgrade) the balie schema, its roles, policies and views; safe to repeat
    Init(AdminUrl),
    /// Make the login of a desk (or give it a new password) and print its sync URL
    AddDesk(NewLoginArgs),
    /// Make the login of a coordinator, who reads every desk's contacts, and print its URL
    AddCoordinator(NewLoginArgs),
    /// Per desk: last sync, contacts on the server and at the desk, oldest unsent change
    Status(StatusArgs),
}

#[derive(Debug, Args)]
pub struct NewLoginArgs {
    /// The desk's name exactly as its balie knows it (`desk` in its config)
    #[arg(value_name = "NAME")]
    pub name: String,
    #[command(flatten)]
    pub admin: AdminUrl,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    #[command(flatten)]
    pub admin: AdminUrl,
    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: Format,
}
