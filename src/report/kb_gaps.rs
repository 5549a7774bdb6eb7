//! Knowledge-base gaps: per topic, how many contacts came in, how many of them had an article
//! linked, and how many articles exist for the topic, so a coordinator sees which questions
//! come in often but have no rule written down. A contact with several topics counts once
//! under each of them.

use std::collections::HashMap;

use serde::Serialize;

use crate::config::Config;
use crate::store::Store;

use super::{Period, ReportError};

/// One topic's line of the gap report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Gap {
    pub topic: String,
    /// Contacts in the period about this topic.
    pub contacts: u64,
    /// Of those, the ones with at least one article linked.
    pub with_article: u64,
    /// Articles in the knowledge base that name this topic.
    pub articles: u64,
}

impl Gap {
    /// Contacts about the topic that had no article linked.
    pub fn without_article(&self) -> u64 {
        self.contacts - self.with_article
    }
}

/// The gap report for `period` (one desk, or all): every visible topic and any other that
/// occurs, the largest gap first (most contacts without an article linked; then fewer
/// articles; then config order). Topics without contacts come last, in config order.
pub fn kb_gaps(
    store: &Store,
    config: &Config,
    period: &Period,
    desk: Option<&str>,
) -> Result<Vec<Gap>, ReportError> {
    let counts: HashMap<String, (u64, u64)> = store
        .topics_with_articles(&super::query::period_scope(period, desk))?
        .into_iter()
        .map(|(topic, n, linked)| (topic, (n.max(0) as u64, linked.max(0) as u64)))
        .collect();
    let articles: HashMap<String, u64> = store
        .articles_per_topic()?
        .into_iter()
        .map(|(topic, n)| (topic, n.max(0) as u64))
        .collect();
    let mut order: Vec<String> = config
        .topics
        .iter()
        .filter(|t| !t.hidden)
        .map(|t| t.code.clone())
        .collect();
    let mut extra: Vec<&String> = counts.keys().filter(|k| !order.contains(k)).collect();
    extra.sort();
    order.extend(extra.into_iter().cloned());
    let mut gaps: Vec<(usize, Gap)> = order
        .into_iter()
        .enumerate()
        .map(|(i, topic)| {
            let (contacts, with_article) = counts.get(&topic).copied().unwrap_or((0, 0));
            let articles = articles.get(&topic).copied().unwrap_or(0);
            (
                i,
                Gap {
                    topic,
                    contacts,
                    with_article,
                    articles,
                },
            )
        })
        .collect();
    gaps.sort_by(|(i, a), (j, b)| {
        (b.contacts > 0)
            .cmp(&(a.contacts > 0))
            .then(b.without_article().cmp(&a.without_article()))
            .then(a.articles.cmp(&b.articles))
            .then(i.cmp(j))
    });
    Ok(gaps.into_iter().map(|(_, g)| g).collect())
}

/// The `n` largest gaps: topics with contacts that had no article linked.
pub fn top_gaps(gaps: &[Gap], n: usize) -> Vec<Gap> {
    gaps.iter()
        .filter(|g| g.without_article() > 0)
        .take(n)
        .cloned()
        .collect()
}

/// The note the gap report carries.
pub const GAPS_NOTE: &str = "a contact with several topics counts once under each of its topics; \
                             with_article = contacts that had at least one article linked; \
                             articles = articles in the knowledge base naming the topic";

#[cfg(test)]
mod tests {
    use chrono::NaiveDateTime;

    use super::*;
    use crate::domain::{AT_FORMAT, Contact};
    use crate::kb::Article;

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, AT_FORMAT).unwrap()
    }

    fn article(id: &str, topics: &str) -> Article {
        let text = format!(
            "+++\nid = \"{id}\"\ntitle = \"{id}\"\ntopics = {topics}\nsource = \"S (2017)\"\n\
             facts_from = 2017-01-01\n+++\n# {id}\n"
        );
        Article::parse("a.md", &text, &Config::shipped()).unwrap()
    }

    /// By hand, in 2026-W49 (30 Nov - 6 Dec 2026), desk A unless said:
    ///
    /// | contact | topics          | article linked |
    /// |---------|-----------------|----------------|
    /// | 1       | huur, onderhoud | huurprijs      |
    /// | 2       | huur            | -              |
    /// | 3       | huur, taal      | -              |
    /// | 4       | taal            | -              |
    /// | 5 (B)   | taal            | -              |
    /// | 6 (W48) | huur            | -              |
    ///
    /// Articles: huurprijs (huur, onderhoud), vocht (onderhoud); none for taal.
    fn fixture() -> Store {
        let mut store = Store::open_in_memory().unwrap();
        crate::kb::import_articles(
            &mut store,
            &[
                article("huurprijs", "[\"huur\", \"onderhoud\"]"),
                article("vocht", "[\"onderhoud\"]"),
            ],
            at("2026-11-01 09:00"),
        )
        .unwrap();
        let rows: [(&str, &str, &[&str], bool); 6] = [
            ("2026-12-01 10:00", "A", &["huur", "onderhoud"], true),
            ("2026-12-01 11:00", "A", &["huur"], false),
            ("2026-12-02 10:00", "A", &["huur", "taal"], false),
            ("2026-12-03 10:00", "A", &["taal"], false),
            ("2026-12-03 11:00", "B", &["taal"], false),
            ("2026-11-25 10:00", "A", &["huur"], false),
        ];
        for (when, desk, topics, linked) in rows {
            let t = at(when);
            let c = Contact::bare(
                t,
                desk,
                "AB",
                topics.iter().map(|s| s.to_string()).collect(),
                t,
            );
            store.insert(&c).unwrap();
            if linked {
                store.link_article(&c.id, "huurprijs", t).unwrap();
            }
        }
        store
    }

    fn row<'a>(gaps: &'a [Gap], topic: &str) -> &'a Gap {
        gaps.iter().find(|g| g.topic == topic).unwrap()
    }

    #[test]
    fn gaps_count_a_multi_topic_contact_once_under_each_topic_and_put_the_largest_first() {
        let store = fixture();
        let config = Config::shipped();
        let week = Period::parse("2026-W49").unwrap();
        let gaps = kb_gaps(&store, &config, &week, None).unwrap();
        // huur: contacts 1, 2, 3 (6 is in W48); only 1 had an article; 1 article names huur.
        let g = |t, c, w, a| Gap {
            topic: String::from(t),
            contacts: c,
            with_article: w,
            articles: a,
        };
        assert_eq!(row(&gaps, "huur"), &g("huur", 3, 1, 1));
        // taal: 3, 4, 5; no article linked, none written.
        assert_eq!(row(&gaps, "taal"), &g("taal", 3, 0, 0));
        // onderhoud: contact 1 only, linked; two articles.
        assert_eq!(row(&gaps, "onderhoud"), &g("onderhoud", 1, 1, 2));
        // Largest gap first: taal (3 without), huur (2 without), then onderhoud (0 without).
        let order: Vec<&str> = gaps.iter().take(3).map(|g| g.topic.as_str()).collect();
        assert_eq!(order, ["taal", "huur", "onderhoud"]);
        assert!(gaps[3..].iter().all(|g| g.contacts == 0));
        assert_eq!(
            top_gaps(&gaps, 3)
                .iter()
                .map(|g| g.topic.as_str())
                .collect::<Vec<_>>(),
            ["taal", "huur"],
            "a topic whose every contact had an article is no gap"
        );
        // One desk: B had only contact 5.
        let b = kb_gaps(&store, &config, &week, Some("B")).unwrap();
        assert_eq!(row(&b, "taal"), &g("taal", 1, 0, 0));
        assert_eq!(row(&b, "huur").contacts, 0);
    }
}
