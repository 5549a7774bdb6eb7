//! Knowledge-base gaps: per topic, how many contacts came in, how many of them had an article
//! linked, and how many articles exist for the topic, so a coordinator sees which questions
//! come in often but have no rule written down. A contact with several topics counts once
//! under each of them.

use std::collections::HashMap;

use rusqlite::params_from_iter;
use serde::Serialize;

use crate::config::Config;
use crate::store::Store;

use super::query::Sql;
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
    let mut sql = Sql {
        text: "SELECT t.topic, count(*),
                   sum(EXISTS (SELECT 1 FROM contact_articles a WHERE a.contact_id = c.id))
               FROM contacts c JOIN contact_topics t ON t.contact_id = c.id"
            .to_string(),
        params: Vec::new(),
    };
    sql.period_and_desk(period, desk);
    sql.text.push_str(" GROUP BY t.topic");
    let conn = store.conn();
    let mut counts: HashMap<String, (u64, u64)> = HashMap::new();
    {
        let mut stmt = conn.prepare(&sql.text)?;
        let rows = stmt.query_map(params_from_iter(sql.params.iter()), |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
            ))
        })?;
        for row in rows {
            let (topic, n, linked) = row?;
            counts.insert(topic, (n.max(0) as u64, linked.max(0) as u64));
        }
    }
    let mut articles: HashMap<String, u64> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT j.value, count(DISTINCT a.id) FROM articles a, json_each(a.topics) j
             GROUP BY j.value",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
        for row in rows {
            let (topic, n) = row?;
            articles.insert(topic, n.max(0) as u64);
        }
    }
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
