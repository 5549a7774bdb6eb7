//! The `balie` binary: parse the command line, run it, print errors once on stderr.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = balie::cli::Cli::parse();
    let lang = balie::app::language(&cli);
    let stdout = std::io::stdout();
    // on a terminal, stored text never reaches it with its control characters raw
    let mut out: Box<dyn Write> = if stdout.is_terminal() {
        Box::new(balie::text::TerminalSafe::new(stdout.lock()))
    } else {
        Box::new(stdout.lock())
    };
    let result = balie::app::run(cli, &mut out).and_then(|()| Ok(out.flush()?));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", balie::app::errors::line(lang, &e));
            ExitCode::FAILURE
        }
    }
}

/// A closed pipe (`balie list | head`) is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || c.downcast_ref::<csv::Error>().is_some_and(|e| {
                matches!(e.kind(), csv::ErrorKind::Io(io) if io.kind() == std::io::ErrorKind::BrokenPipe)
            })
    })
}
