//! The arguments of `balie demo`.

use clap::Args;

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// How many contacts to make
    #[arg(long, value_name = "N", default_value_t = 50_000,
          value_parser = clap::value_parser!(u64).range(1..=100_000_000))]
    pub contacts: u64,
    /// Use the first D desks of the config (default: all of them)
    #[arg(long, value_name = "D")]
    pub desks: Option<usize>,
    /// How many years back the contacts reach (default: one per 100,000 contacts)
    #[arg(long, value_name = "Y", value_parser = clap::value_parser!(u32).range(1..=30))]
    pub years: Option<u32>,
    /// Seed of the made-up data: the same seed, count and day give the same contacts
    #[arg(long, value_name = "S", default_value_t = 1)]
    pub seed: u64,
}
