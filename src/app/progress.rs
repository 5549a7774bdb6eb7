//! Progress bars for the long commands (demo, merge, import, export, restore), drawn by
//! indicatif on standard error: only when that is a terminal, and never when the command's
//! own output (a CSV) goes to the same terminal, so a bar is never mixed into data.

use std::io::IsTerminal;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use crate::i18n::Lang;

/// A bar, or nothing when it must not be drawn.
pub struct Bar(Option<ProgressBar>);

/// What a bar counts, in the interface language.
#[derive(Debug, Clone, Copy)]
pub enum Work {
    Demo,
    Merge,
    Import,
    Export,
    Restore,
}

fn words(work: Work, lang: Lang) -> (&'static str, &'static str) {
    match (work, lang) {
        (Work::Demo, Lang::Nl) => ("demo maken", "contacten"),
        (Work::Demo, Lang::En) => ("making demo data", "contacts"),
        (Work::Merge, Lang::Nl) => ("samenvoegen", "contacten"),
        (Work::Merge, Lang::En) => ("merging", "contacts"),
        (Work::Import, Lang::Nl) => ("importeren", "contacten"),
        (Work::Import, Lang::En) => ("importing", "contacts"),
        (Work::Export, Lang::Nl) => ("exporteren", "contacten"),
        (Work::Export, Lang::En) => ("exporting", "contacts"),
        (Work::Restore, Lang::Nl) => ("backup terugzetten", ""),
        (Work::Restore, Lang::En) => ("restoring the backup", ""),
    }
}

/// Whether a bar may be drawn: standard error is a terminal, and the command's data does not
/// go to that terminal too (`data_on_stdout`: it writes CSV or a table to standard output).
pub fn wanted(data_on_stdout: bool) -> bool {
    std::io::stderr().is_terminal() && !(data_on_stdout && std::io::stdout().is_terminal())
}

impl Bar {
    /// A bar over `total` items (`None`: a spinner with the time it has taken).
    pub fn new(work: Work, lang: Lang, total: Option<u64>, data_on_stdout: bool) -> Bar {
        if !wanted(data_on_stdout) {
            return Bar(None);
        }
        let (what, unit) = words(work, lang);
        let (bar, template) = match total {
            Some(n) => {
                let left = match lang {
                    Lang::Nl => "nog",
                    Lang::En => "left",
                };
                let template = match lang {
                    Lang::Nl => {
                        format!("{{msg}} [{{bar:30}}] {{pos}}/{{len}} {unit}, {left} {{eta}}")
                    }
                    Lang::En => {
                        format!("{{msg}} [{{bar:30}}] {{pos}}/{{len}} {unit}, {{eta}} {left}")
                    }
                };
                (ProgressBar::new(n), template)
            }
            None => (
                ProgressBar::new_spinner(),
                "{msg} {spinner} {elapsed}".to_string(),
            ),
        };
        let style = ProgressStyle::with_template(&template)
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("#>-");
        bar.set_draw_target(ProgressDrawTarget::stderr());
        bar.set_style(style);
        bar.set_message(what);
        if total.is_none() {
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        // draw once at the start, so even quick work shows a sign of life
        bar.tick();
        Bar(Some(bar))
    }

    pub fn set(&self, done: u64) {
        if let Some(b) = &self.0 {
            b.set_position(done);
        }
    }

    pub fn set_total(&self, total: u64) {
        if let Some(b) = &self.0 {
            b.set_length(total);
        }
    }

    pub fn set_message(&self, message: &'static str) {
        if let Some(b) = &self.0 {
            b.set_message(message);
        }
    }

    /// Take the bar off the screen (the command's summary line follows).
    pub fn finish(self) {
        if let Some(b) = self.0 {
            b.finish_and_clear();
        }
    }
}
