//! `balie demo`: fill a data folder of its own with made-up contacts, with a progress bar on a
//! terminal and a summary line at the end. The contacts themselves come from [`crate::demo`].

use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use clap::Args;

use crate::cli::Cli;
use crate::demo::{self, Progress, Spec};

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

/// Run `balie demo`. Refuses without an explicit data folder, and refuses a folder whose
/// database already has contacts, so made-up contacts never land among real ones.
pub fn run(cli: &Cli, args: &DemoArgs, ctx: &super::Setup, out: &mut dyn Write) -> Result<()> {
    if cli.data_dir.is_none() {
        bail!(
            "balie demo makes up contacts; give it a data folder of its own so they never mix \
             with real ones: balie --data-dir /tmp/balie-demo demo"
        );
    }
    let config = ctx.config(cli)?;
    let mut store = ctx.store_without_upkeep()?;
    let spec = Spec {
        contacts: args.contacts,
        desks: args.desks,
        years: args
            .years
            .unwrap_or_else(|| Spec::default_years(args.contacts)),
        seed: args.seed,
        now: ctx.now,
    };
    let started = Instant::now();
    let mut bar = Bar::new(std::io::stderr().is_terminal(), started);
    let summary = demo::fill(&mut store, &config, &spec, &mut |p| bar.show(p));
    bar.clear();
    let summary = summary?;
    let range = match (summary.first, summary.last) {
        (Some(first), Some(last)) => format!("{first} .. {last}"),
        _ => "no days".to_string(),
    };
    let path = store
        .path()
        .map(|p| p.display().to_string())
        .unwrap_or_default();
    writeln!(
        out,
        "{} made-up contacts at {} desk(s), {range}, in {:.1} s: {path}",
        summary.contacts,
        summary.desks.len(),
        started.elapsed().as_secs_f64()
    )?;
    Ok(())
}

/// A one-line progress bar on stderr, redrawn at most ten times a second; silent when stderr
/// is not a terminal.
struct Bar {
    on: bool,
    started: Instant,
    drawn: Option<Instant>,
    total: u64,
}

const BAR_WIDTH: usize = 30;

impl Bar {
    fn new(on: bool, started: Instant) -> Bar {
        Bar {
            on,
            started,
            drawn: None,
            total: 0,
        }
    }

    fn show(&mut self, progress: Progress) {
        if !self.on {
            return;
        }
        let now = Instant::now();
        let (done, total, indexing) = match progress {
            Progress::Stored { done, total } => {
                self.total = total;
                (done, total, false)
            }
            Progress::Indexing => (self.total, self.total, true),
        };
        if done < total
            && self
                .drawn
                .is_some_and(|t| now - t < Duration::from_millis(100))
        {
            return;
        }
        self.drawn = Some(now);
        let line = format!("\r{}", bar_line(done, total, indexing, now - self.started));
        // A progress bar that cannot be drawn is not worth failing the fill for.
        let _ = std::io::stderr().write_all(line.as_bytes());
    }

    fn clear(&mut self) {
        if self.on && self.drawn.is_some() {
            let _ = std::io::stderr().write_all(b"\r\x1b[2K");
        }
    }
}

/// `[#####-----]  50%  500/1000 contacts  1.2 s`, then `..., building the indexes` when
/// `indexing`.
fn bar_line(done: u64, total: u64, indexing: bool, elapsed: Duration) -> String {
    let share = if total == 0 {
        1.0
    } else {
        done.min(total) as f64 / total as f64
    };
    let filled = ((share * BAR_WIDTH as f64) as usize).min(BAR_WIDTH);
    format!(
        "[{}{}] {:>3}%  {done}/{total} contacts  {:.1} s{}",
        "#".repeat(filled),
        "-".repeat(BAR_WIDTH - filled),
        (share * 100.0) as u32,
        elapsed.as_secs_f64(),
        if indexing {
            ", building the indexes"
        } else {
            ""
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bar_fills_with_the_work() {
        let empty = format!("[{}]   0%  0/200 contacts  0.0 s", "-".repeat(BAR_WIDTH));
        assert_eq!(bar_line(0, 200, false, Duration::ZERO), empty);
        let half = format!(
            "[{}{}]  50%  100/200 contacts  1.5 s",
            "#".repeat(BAR_WIDTH / 2),
            "-".repeat(BAR_WIDTH / 2)
        );
        assert_eq!(bar_line(100, 200, false, Duration::from_millis(1500)), half);
        let full = format!("[{}] 100%  200/200 contacts  3.0 s", "#".repeat(BAR_WIDTH));
        assert_eq!(bar_line(200, 200, false, Duration::from_secs(3)), full);
        assert_eq!(
            bar_line(200, 200, true, Duration::from_secs(3)),
            format!("{full}, building the indexes")
        );
    }
}
