//! The words of `balie sync` and `balie server ...`, per language.

use std::fmt::Display;

use super::say::merge_counts;
use super::{Noun, count};
use crate::i18n::Lang;
use crate::sync::SyncReport;

/// One line for the terminal after a sync.
pub fn report(lang: Lang, r: &SyncReport) -> String {
    let name = &r.name;
    let articles = count(lang, r.articles, Noun::Article);
    if r.coordinator {
        let (pulled, published) = (merge_counts(lang, &r.pulled), r.published);
        return match lang {
            Lang::Nl => format!(
                "gesynchroniseerd als coördinator `{name}`: {pulled}; {articles} ontvangen, \
                 {published} gepubliceerd"
            ),
            Lang::En => format!(
                "synchronised as coordinator `{name}`: {pulled}; {articles} received, \
                 {published} published"
            ),
        };
    }
    let sent = count(lang, r.sent, Noun::Contact);
    let deletions = count(lang, r.deletions, Noun::Deletion);
    let mut s = match lang {
        Lang::Nl => format!(
            "balie `{name}` gesynchroniseerd: {sent} en {deletions} verstuurd, {articles} \
             ontvangen"
        ),
        Lang::En => {
            format!("synchronised desk `{name}`: {sent} and {deletions} sent, {articles} received")
        }
    };
    if r.not_ours > 0 {
        let n = count(lang, r.not_ours, Noun::Change);
        s.push_str(&match lang {
            Lang::Nl => format!("; {n} aan contacten van andere balies blijven hier"),
            Lang::En => format!("; {n} to other desks' contacts stay here"),
        });
    }
    if r.waiting > 0 {
        let n = count(lang, r.waiting, Noun::Change);
        s.push_str(&match lang {
            Lang::Nl => format!("; {n} van tijdens de sync wachten op de volgende"),
            Lang::En => format!("; {n} made meanwhile wait"),
        });
    }
    s
}

pub fn outcome_not_kept(lang: Lang) -> String {
    match lang {
        Lang::Nl => "balie kon niet onthouden hoe deze sync ging".into(),
        Lang::En => "how this sync went could not be remembered".into(),
    }
}

pub fn schema_current(lang: Lang, url: &dyn Display, version: impl Display) -> String {
    match lang {
        Lang::Nl => {
            format!("het balie-schema op {url} is bij (versie {version}); er is niets veranderd")
        }
        Lang::En => {
            format!("the balie schema on {url} is up to date (version {version}); nothing changed")
        }
    }
}

pub fn schema_created(lang: Lang, url: &dyn Display, version: impl Display) -> String {
    match lang {
        Lang::Nl => format!(
            "het balie-schema (versie {version}) is gemaakt op {url}; voeg balies toe met \
             `balie server add-desk NAAM --admin-url URL`"
        ),
        Lang::En => format!(
            "created the balie schema (version {version}) on {url}; add desks with `balie \
             server add-desk NAME --admin-url URL`"
        ),
    }
}

pub fn schema_upgraded(
    lang: Lang,
    url: &dyn Display,
    from: impl Display,
    to: impl Display,
) -> String {
    match lang {
        Lang::Nl => format!("het balie-schema op {url} is bijgewerkt van versie {from} naar {to}"),
        Lang::En => format!("upgraded the balie schema on {url} from version {from} to {to}"),
    }
}

/// `coordinator`: the login is a coordinator's, not a desk's.
pub fn login_ready(lang: Lang, role: &str, name: &str, coordinator: bool) -> String {
    match lang {
        Lang::Nl => {
            let what = if coordinator { "coördinator" } else { "balie" };
            format!(
                "login `{role}` voor {what} `{name}` is klaar (een eerder wachtwoord ervan werkt \
                 niet meer). Zet deze URL onder [sync] url in de config van die balie, of in \
                 BALIE_SYNC_URL; hij wordt alleen nu getoond:"
            )
        }
        Lang::En => {
            let what = if coordinator { "coordinator" } else { "desk" };
            format!(
                "login `{role}` for {what} `{name}` is ready (an earlier password of it no \
                 longer works). Put this URL under [sync] url in that balie's config, or in \
                 BALIE_SYNC_URL; it is shown only now:"
            )
        }
    }
}

pub fn never(lang: Lang) -> &'static str {
    match lang {
        Lang::Nl => "nooit",
        Lang::En => "never",
    }
}

/// A published article this balie cannot read, so it was not taken in.
pub fn article_left_out(lang: Lang, e: &crate::kb::ArticleError) -> String {
    let e = e.say(lang);
    match lang {
        Lang::Nl => format!("een gepubliceerd artikel is weggelaten, want het klopt niet: {e}"),
        Lang::En => format!("a published article was left out, as it has a mistake: {e}"),
    }
}
