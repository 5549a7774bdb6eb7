//! The first start of the desk screen on a PC: before any database exists, balie offers to
//! encrypt it (recommended on a shared PC), asks the passphrase twice, shows the recovery key
//! once and wipes it from the terminal when the volunteer has written it down.

use std::io::{BufRead, IsTerminal, Write};

use anyhow::Result;

use super::Setup;
use super::errors::said;
use crate::crypt::secret::{self, PASSPHRASE_FILE_VAR};
use crate::crypt::{CryptError, Kdf, Prompt, convert, prompt};
use crate::i18n::Lang;
use crate::store::DB_FILE;

/// Set to `no` (e.g. by an install script) and the first start does not ask.
pub const OFFER_VAR: &str = "BALIE_ENCRYPT";

/// How often a passphrase that is too short or typed differently the second time may be
/// typed again before the first start stops.
const TRIES: usize = 3;

/// Is this the first start, on a terminal where someone can answer?
fn first_start(ctx: &Setup) -> bool {
    let data = &ctx.data_dir;
    !data.join(DB_FILE).exists()
        && !crate::crypt::is_encrypted(data)
        && std::env::var(OFFER_VAR).map_or(true, |v| !v.eq_ignore_ascii_case("no"))
        && std::io::stdin().is_terminal()
        && std::io::stdout().is_terminal()
}

/// On the first start, offer encryption; with a yes, create the database encrypted and keep
/// its key in `ctx` for this run. Nothing is written before the answer (and a passphrase that
/// cannot be set stops with nothing written, so the next start asks again).
pub fn offer_encryption(ctx: &Setup, lang: Lang) -> Result<()> {
    if !first_start(ctx) {
        return Ok(());
    }
    let stdin = std::io::stdin();
    let mut out = std::io::stdout().lock();
    let t = texts(lang);
    let width = crossterm::terminal::size().map_or(80, |(w, _)| usize::from(w).clamp(20, 80) - 1);
    let say = |out: &mut dyn Write, text: &str| writeln!(out, "{}", crate::text::wrap(text, width));
    say(&mut out, t.intro)?;
    let yes = loop {
        write!(out, "{}", t.question)?;
        out.flush()?;
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 {
            // the terminal closed: ask again next time
            return Err(said(|l| texts(l).no_answer.to_string()));
        }
        match line.trim().to_lowercase().as_str() {
            "" | "j" | "ja" | "y" | "yes" => break true,
            "n" | "nee" | "no" => break false,
            _ => writeln!(out, "{}", t.answer_how)?,
        }
    };
    if !yes {
        writeln!(out, "{}", t.plain)?;
        return Ok(());
    }
    let mut tries = 0;
    let passphrase = loop {
        tries += 1;
        match secret::ask_new(
            PASSPHRASE_FILE_VAR,
            prompt(lang, Prompt::NewPassphrase),
            prompt(lang, Prompt::Again),
        ) {
            Ok(p) => break p,
            Err(e @ (CryptError::TooShort(_) | CryptError::Mismatch)) if tries < TRIES => {
                writeln!(out, "{}", t.retry(&e))?;
            }
            Err(e) => return Err(said(|l| texts(l).stopped(&e))),
        }
    };
    writeln!(out, "{}", t.working)?;
    let (key, _) = convert::encrypt(&ctx.data_dir, &passphrase, Kdf::default())?;
    let recovery = key.recovery_text();
    writeln!(out)?;
    say(&mut out, t.recovery_head)?;
    writeln!(out)?;
    writeln!(out, "    {}", recovery.as_str())?;
    writeln!(out)?;
    say(&mut out, t.recovery_use)?;
    write!(out, "{}", crate::text::wrap(t.press_enter, width))?;
    out.flush()?;
    let mut line = String::new();
    let _ = stdin.lock().read_line(&mut line);
    // Wipe the screen and its scrollback, so the recovery key is not left for the next
    // person at this PC.
    write!(out, "\x1b[H\x1b[2J\x1b[3J")?;
    out.flush()?;
    let _ = ctx.key.set(Some(key));
    Ok(())
}

/// The words of the first start, in one language.
struct Texts {
    intro: &'static str,
    question: &'static str,
    answer_how: &'static str,
    no_answer: &'static str,
    plain: &'static str,
    working: &'static str,
    recovery_head: &'static str,
    recovery_use: &'static str,
    press_enter: &'static str,
    lang: Lang,
}

impl Texts {
    fn retry(&self, e: &CryptError) -> String {
        match self.lang {
            Lang::Nl => format!("{}. Probeer het nog eens.", reason(e, self.lang)),
            Lang::En => format!("{}. Try again.", reason(e, self.lang)),
        }
    }

    fn stopped(&self, e: &CryptError) -> String {
        match self.lang {
            Lang::Nl => format!(
                "{}; er is nog niets opgeslagen. Start balie opnieuw om het nog eens te proberen.",
                reason(e, self.lang)
            ),
            Lang::En => format!(
                "{}; nothing has been stored yet. Start balie again to try once more.",
                reason(e, self.lang)
            ),
        }
    }
}

fn reason(e: &CryptError, lang: Lang) -> String {
    match (e, lang) {
        (CryptError::TooShort(n), Lang::Nl) => {
            format!("De wachtwoordzin is te kort: gebruik minstens {n} tekens")
        }
        (CryptError::TooShort(n), Lang::En) => {
            format!("The passphrase is too short: use at least {n} characters")
        }
        (CryptError::Mismatch, Lang::Nl) => "De twee wachtwoordzinnen verschillen".into(),
        (CryptError::Mismatch, Lang::En) => "The two passphrases differ".into(),
        (e, _) => e.to_string(),
    }
}

fn texts(lang: Lang) -> Texts {
    match lang {
        Lang::Nl => Texts {
            intro: "balie start voor het eerst op deze computer.\n\n\
                    Gebruiken meer mensen deze computer (vrijwilligers, bewoners bij het \
                    computerspreekuur)? Versleutel dan de gegevens: zonder de wachtwoordzin kan \
                    niemand de contacten lezen, ook niet wie het bestand kopieert. Dat is \
                    aanbevolen op een gedeelde pc. Het scherm vergrendelt dan ook vanzelf na vijf \
                    minuten zonder toetsen.\n",
            question: "Gegevens versleutelen? [J/n] ",
            answer_how: "Typ j (ja) of n (nee) en druk op Enter.",
            no_answer: "er kwam geen antwoord; er is niets opgeslagen. Start balie opnieuw.",
            plain: "Niet versleuteld. Dat kan later alsnog met `balie encrypt`.",
            working: "Even geduld: de versleutelde database wordt gemaakt ...",
            recovery_head: "HERSTELSLEUTEL: alleen nu te zien. Schrijf hem op en bewaar hem in \
                            de kluis van de coördinator:",
            recovery_use: "Is de wachtwoordzin kwijt, dan zet `balie recover` met deze sleutel \
                           een nieuwe. Zonder beide kan niemand de gegevens nog lezen.",
            press_enter: "Druk op Enter als je de herstelsleutel hebt opgeschreven (het scherm \
                          wordt dan gewist). ",
            lang,
        },
        Lang::En => Texts {
            intro: "balie starts for the first time on this computer.\n\n\
                    Do several people use this computer (volunteers, residents at the computer \
                    hour)? Then encrypt the data: without the passphrase nobody can read the \
                    contacts, not even someone who copies the file. Recommended on a shared PC. \
                    The screen then also locks by itself after five minutes without a key.\n",
            question: "Encrypt the data? [Y/n] ",
            answer_how: "Type y (yes) or n (no) and press Enter.",
            no_answer: "no answer came; nothing was stored. Start balie again.",
            plain: "Not encrypted. `balie encrypt` can still do it later.",
            working: "One moment: making the encrypted database ...",
            recovery_head: "RECOVERY KEY: shown only now. Write it down and keep it in the \
                            coordinator's safe:",
            recovery_use: "If the passphrase is lost, `balie recover` sets a new one with this \
                           key. Without both, nobody can read the data any more.",
            press_enter: "Press Enter when you have written the recovery key down (the screen \
                          is then wiped). ",
            lang,
        },
    }
}
