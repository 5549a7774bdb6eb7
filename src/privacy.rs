//! Spotting personal data in free text before it is stored: a BSN (nine digits passing the
//! 11-check), an IBAN (valid mod-97 checksum), a Dutch phone number, an e-mail address, and a
//! postcode with a house number. Checksums keep ordinary numbers, dates and amounts from
//! being flagged. Pure functions over the text; the caller decides to warn or refuse.

use std::ops::Range;

use serde::Serialize;

use crate::i18n::Lang;

/// A kind of personal data.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PersonalData {
    Bsn,
    Iban,
    Phone,
    Email,
    Address,
}

impl PersonalData {
    /// How the kind is named in a sentence, in Dutch.
    pub fn nl(self) -> &'static str {
        match self {
            PersonalData::Bsn => "een BSN (burgerservicenummer)",
            PersonalData::Iban => "een IBAN (rekeningnummer)",
            PersonalData::Phone => "een telefoonnummer",
            PersonalData::Email => "een e-mailadres",
            PersonalData::Address => "een postcode met huisnummer",
        }
    }

    /// How the kind is named in a sentence, in English.
    pub fn en(self) -> &'static str {
        match self {
            PersonalData::Bsn => "a BSN (citizen service number)",
            PersonalData::Iban => "an IBAN (bank account number)",
            PersonalData::Phone => "a phone number",
            PersonalData::Email => "an e-mail address",
            PersonalData::Address => "a postcode with a house number",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Nl => self.nl(),
            Lang::En => self.en(),
        }
    }
}

/// Something in the text that looks like personal data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub kind: PersonalData,
    /// Where it is in the text, in bytes (always on character boundaries), for highlighting.
    pub range: Range<usize>,
}

/// Everything in `text` that looks like personal data, in order, never overlapping. The text
/// is read in a canonical form first ([`Canonical`]): other spaces, dashes and digits made
/// plain, invisible characters and accents dropped, `[at]` read as `@`, a label glued to a
/// number (`tel0612...`, `BSN1112...`) set apart. The ranges point into `text` itself.
pub fn scan(text: &str) -> Vec<Finding> {
    let canonical = Canonical::of(text);
    scan_plain(&canonical.text)
        .into_iter()
        .map(|f| Finding {
            kind: f.kind,
            range: canonical.original(f.range),
        })
        .collect()
}

/// A text in the form the scanner reads, with where each of its bytes came from.
struct Canonical {
    text: String,
    /// For each byte of `text`: the range of the original character it came from.
    from: Vec<Range<usize>>,
}

/// Labels that people glue to a number; a space is read between them.
const GLUED_LABELS: &[&str] = &[
    "telnr", "tel.nr", "tel", "mob", "gsm", "bsn", "sofi", "nr", "huisnr",
];

/// Disguised `@` and `.` in e-mail addresses.
const DISGUISES: &[(&str, char)] = &[
    ("[at]", '@'),
    ("(at)", '@'),
    ("{at}", '@'),
    (" [at] ", '@'),
    (" (at) ", '@'),
    ("[dot]", '.'),
    ("(dot)", '.'),
    (" [dot] ", '.'),
];

impl Canonical {
    fn of(text: &str) -> Canonical {
        use unicode_normalization::UnicodeNormalization;
        use unicode_normalization::char::is_combining_mark;
        // one entry per character the scanner sees, with the original range it stands for
        let mut chars: Vec<(char, Range<usize>)> = Vec::with_capacity(text.len());
        for (i, c) in text.char_indices() {
            let range = i..i + c.len_utf8();
            let one = c.to_string();
            let plain = crate::text::canonical(&one);
            for d in plain.nfd().filter(|d| !is_combining_mark(*d)) {
                chars.push((d, range.clone()));
            }
        }
        // disguised e-mail signs
        let mut out: Vec<(char, Range<usize>)> = Vec::with_capacity(chars.len());
        let mut k = 0;
        'next: while k < chars.len() {
            for (word, sign) in DISGUISES {
                let n = word.chars().count();
                if k + n <= chars.len()
                    && chars[k..k + n]
                        .iter()
                        .map(|(c, _)| c.to_ascii_lowercase())
                        .eq(word.chars())
                {
                    out.push((*sign, chars[k].1.start..chars[k + n - 1].1.end));
                    k += n;
                    continue 'next;
                }
            }
            out.push(chars[k].clone());
            k += 1;
        }
        // a space between a glued label and its number
        let mut spaced: Vec<(char, Range<usize>)> = Vec::with_capacity(out.len() + 4);
        for (k, (c, r)) in out.iter().enumerate() {
            spaced.push((*c, r.clone()));
            if !c.is_ascii_alphabetic() && *c != '.' && *c != ':' {
                continue;
            }
            let next_digit = out.get(k + 1).is_some_and(|(d, _)| d.is_ascii_digit());
            if !next_digit {
                continue;
            }
            let glued = GLUED_LABELS.iter().any(|label| {
                let n = label.chars().count();
                k + 1 >= n
                    && out[k + 1 - n..=k]
                        .iter()
                        .map(|(c, _)| c.to_ascii_lowercase())
                        .eq(label.chars())
                    && (k + 1 == n || !out[k - n].0.is_alphanumeric())
            });
            if glued {
                spaced.push((' ', r.end..r.end));
            }
        }
        let mut text = String::with_capacity(spaced.len());
        let mut from = Vec::with_capacity(spaced.len());
        for (c, r) in spaced {
            text.push(c);
            for _ in 0..c.len_utf8() {
                from.push(r.clone());
            }
        }
        Canonical { text, from }
    }

    /// The range of the original text that `range` of the canonical text came from.
    fn original(&self, range: Range<usize>) -> Range<usize> {
        let start = self.from.get(range.start).map_or(0, |r| r.start);
        let end = range
            .end
            .checked_sub(1)
            .and_then(|e| self.from.get(e))
            .map_or(start, |r| r.end);
        start..end.max(start)
    }
}

/// [`scan`] on text already in canonical form.
fn scan_plain(text: &str) -> Vec<Finding> {
    let b = text.as_bytes();
    let mut found: Vec<Finding> = Vec::new();
    let add = |found: &mut Vec<Finding>, kind, range: Range<usize>| {
        if !found
            .iter()
            .any(|f| f.range.start < range.end && range.start < f.range.end)
        {
            found.push(Finding { kind, range });
        }
    };
    for r in emails(b) {
        add(&mut found, PersonalData::Email, r);
    }
    for r in ibans(b) {
        add(&mut found, PersonalData::Iban, r);
    }
    let spans = numeric_spans(b);
    for (kind, r) in numbers(b, &spans) {
        add(&mut found, kind, r);
    }
    for r in addresses(b) {
        add(&mut found, PersonalData::Address, r);
    }
    found.sort_by_key(|f| f.range.start);
    found
}

/// The distinct kinds among `findings`, in a fixed order.
pub fn kinds(findings: &[Finding]) -> Vec<PersonalData> {
    let mut k: Vec<PersonalData> = findings.iter().map(|f| f.kind).collect();
    k.sort();
    k.dedup();
    k
}

/// "a BSN (citizen service number) and a phone number": the kinds found, as a phrase.
pub fn describe(findings: &[Finding], lang: Lang) -> String {
    describe_kinds(&kinds(findings), lang)
}

/// "a BSN (citizen service number) and a phone number": `kinds` as a phrase.
pub fn describe_kinds(kinds: &[PersonalData], lang: Lang) -> String {
    let names: Vec<&str> = kinds.iter().map(|k| k.label(lang)).collect();
    let and = match lang {
        Lang::Nl => " en ",
        Lang::En => " and ",
    };
    match names.split_last() {
        None => String::new(),
        Some((last, [])) => last.to_string(),
        Some((last, rest)) => format!("{}{and}{last}", rest.join(", ")),
    }
}

fn is_word(c: u8) -> bool {
    c.is_ascii_alphanumeric()
}

/// The byte before `i`, if any.
fn before(b: &[u8], i: usize) -> Option<u8> {
    i.checked_sub(1).map(|j| b[j])
}

// ---- e-mail -------------------------------------------------------------------------------

fn emails(b: &[u8]) -> Vec<Range<usize>> {
    let local_char = |c: u8| c.is_ascii_alphanumeric() || b"._%+-".contains(&c);
    let domain_char = |c: u8| c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
    let mut out = Vec::new();
    for (at, _) in b.iter().enumerate().filter(|&(_, &c)| c == b'@') {
        let mut start = at;
        while start > 0 && local_char(b[start - 1]) {
            start -= 1;
        }
        while start < at && b[start] == b'.' {
            start += 1;
        }
        let mut end = at + 1;
        while end < b.len() && domain_char(b[end]) {
            end += 1;
        }
        while end > at + 1 && matches!(b[end - 1], b'.' | b'-') {
            end -= 1;
        }
        if start == at || end == at + 1 {
            continue;
        }
        let domain = &b[at + 1..end];
        let labels: Vec<&[u8]> = domain.split(|&c| c == b'.').collect();
        let tld = labels[labels.len() - 1];
        let ok = labels.len() >= 2
            && labels.iter().all(|l| !l.is_empty())
            && tld.len() >= 2
            && tld.iter().all(u8::is_ascii_alphabetic);
        if ok {
            out.push(start..end);
        }
    }
    out
}

// ---- IBAN ---------------------------------------------------------------------------------

const IBAN_MAX: usize = 34;

fn ibans(b: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 4 <= b.len() {
        let starts = b[i].is_ascii_alphabetic()
            && b[i + 1].is_ascii_alphabetic()
            && b[i + 2].is_ascii_digit()
            && b[i + 3].is_ascii_digit()
            && before(b, i).is_none_or(|c| !is_word(c));
        if !starts {
            i += 1;
            continue;
        }
        // Collect alphanumerics, allowing single spaces between groups; every group end is a
        // possible end of the IBAN.
        let mut chars: Vec<u8> = Vec::new();
        let mut ends: Vec<(usize, usize)> = Vec::new(); // (count of chars, byte end)
        let mut j = i;
        while j < b.len() && chars.len() < IBAN_MAX {
            if is_word(b[j]) {
                chars.push(b[j].to_ascii_uppercase());
                j += 1;
                if j == b.len() || !is_word(b[j]) {
                    ends.push((chars.len(), j));
                }
            } else if b[j] == b' ' && j + 1 < b.len() && is_word(b[j + 1]) && j > i {
                j += 1;
            } else {
                break;
            }
        }
        let best = ends.iter().rev().find(|&&(n, _)| valid_iban(&chars[..n]));
        match best {
            Some(&(_, end)) => {
                out.push(i..end);
                i = end;
            }
            None => i += 1,
        }
    }
    out
}

/// An IBAN (upper case, no spaces): plausible length for its country and checksum mod 97 = 1.
pub fn valid_iban(s: &[u8]) -> bool {
    if !(15..=IBAN_MAX).contains(&s.len()) || !s.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    if &s[..2] == b"NL"
        && (s.len() != 18
            || !s[4..8].iter().all(u8::is_ascii_alphabetic)
            || !s[8..].iter().all(u8::is_ascii_digit))
    {
        return false;
    }
    let mut rem: u32 = 0;
    for &c in s[4..].iter().chain(&s[..4]) {
        let v = if c.is_ascii_digit() {
            u32::from(c - b'0')
        } else {
            u32::from(c.to_ascii_uppercase() - b'A') + 10
        };
        rem = if v >= 10 {
            (rem * 100 + v) % 97
        } else {
            (rem * 10 + v) % 97
        };
    }
    rem == 1
}

// ---- numbers: phone numbers and BSNs --------------------------------------------------------

/// A run of digits.
#[derive(Debug, Clone, Copy)]
struct Group {
    start: usize,
    end: usize,
    /// Part of a date such as 20-11-2026.
    date: bool,
}

/// Digit groups joined by short separators (`06-12 34 56 78`, `(020) 123 4567`).
struct Span {
    groups: Vec<Group>,
}

const JOINERS: &[u8] = b" -./()";
const MAX_JOINER: usize = 3;
const MAX_DIGITS: usize = 15;

fn numeric_spans(b: &[u8]) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut i = 0;
    while i < b.len() {
        if !b[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let start = i;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let group = Group {
            start,
            end: i,
            date: false,
        };
        let joined = spans
            .last()
            .and_then(|s| s.groups.last())
            .is_some_and(|last| {
                let gap = &b[last.end..start];
                (1..=MAX_JOINER).contains(&gap.len()) && gap.iter().all(|c| JOINERS.contains(c))
            });
        if joined {
            if let Some(s) = spans.last_mut() {
                s.groups.push(group);
            }
        } else {
            spans.push(Span {
                groups: vec![group],
            });
        }
    }
    for s in &mut spans {
        mark_dates(b, s);
    }
    spans
}

/// Mark three groups joined by one repeated `-`, `/` or `.` that read as a date (day, month,
/// year or year, month, day), when no fourth group continues the run.
fn mark_dates(b: &[u8], s: &mut Span) {
    let g = &s.groups;
    let joiner = |k: usize| &b[g[k].end..g[k + 1].start];
    let num = |k: usize| -> u32 {
        std::str::from_utf8(&b[g[k].start..g[k].end])
            .ok()
            .and_then(|t| t.parse().ok())
            .unwrap_or(u32::MAX)
    };
    let len = |k: usize| g[k].end - g[k].start;
    let mut dates = Vec::new();
    for k in 0..g.len().saturating_sub(2) {
        let j = joiner(k);
        if j.len() != 1 || !b"-/.".contains(&j[0]) || joiner(k + 1) != j {
            continue;
        }
        let continues = |m: Option<usize>| m.is_some_and(|m| m + 1 < g.len() && joiner(m) == j);
        if continues(k.checked_sub(1)) || continues(Some(k + 2)) {
            continue;
        }
        let day_first = len(k) <= 2
            && len(k + 1) <= 2
            && matches!(len(k + 2), 2 | 4)
            && (1..=31).contains(&num(k))
            && (1..=12).contains(&num(k + 1));
        let year_first = len(k) == 4
            && len(k + 1) <= 2
            && len(k + 2) <= 2
            && (1..=12).contains(&num(k + 1))
            && (1..=31).contains(&num(k + 2));
        if day_first || year_first {
            dates.push(k);
        }
    }
    for k in dates {
        for m in k..k + 3 {
            s.groups[m].date = true;
        }
    }
}

fn numbers(b: &[u8], spans: &[Span]) -> Vec<(PersonalData, Range<usize>)> {
    let mut out = Vec::new();
    for s in spans {
        let g = &s.groups;
        // `€ 123.456.782`, `WOZ 123456782`: an amount, not a number of a person
        let amount = label_before(b, g[0].start, AMOUNT_LABELS);
        // an old eight-digit BSN is only taken for one when it says so
        let labelled_bsn = label_before(b, g[0].start, BSN_LABELS);
        let mut used = vec![false; g.len()];
        // Phone numbers first (longer), then BSNs in what is left.
        for want in [PersonalData::Phone, PersonalData::Bsn] {
            for i in 0..g.len() {
                let opens = i == 0 && before(b, g[0].start).is_none_or(|c| !is_word(c))
                    || i > 0 && matches!(b[g[i].start - 1], b' ' | b'(');
                if !opens {
                    continue;
                }
                // `+31 6 ...`: the plus belongs to the number
                let plus = i == 0 && before(b, g[0].start) == Some(b'+');
                let mut digits = Vec::new();
                for j in i..g.len() {
                    if used[j] || g[j].date {
                        break;
                    }
                    digits.extend_from_slice(&b[g[j].start..g[j].end]);
                    if digits.len() > MAX_DIGITS {
                        break;
                    }
                    let closes = if j + 1 == g.len() {
                        closes_span(b, g[j].end)
                    } else {
                        b[g[j].end] == b' '
                    };
                    if !closes {
                        continue;
                    }
                    let joiners_ok = |allowed: &[u8]| {
                        (i..j).all(|k| {
                            b[g[k].end..g[k + 1].start]
                                .iter()
                                .all(|c| allowed.contains(c))
                        })
                    };
                    let hit = match want {
                        PersonalData::Phone => {
                            joiners_ok(b" -.()/") && is_phone(&digits, plus) && !amount
                        }
                        _ => {
                            !plus
                                && !amount
                                && joiners_ok(b" -.")
                                && (is_bsn(&digits)
                                    || digits.len() == 8
                                        && labelled_bsn
                                        && is_bsn(&[b"0", &digits[..]].concat()))
                        }
                    };
                    if hit {
                        let start = if plus { g[0].start - 1 } else { g[i].start };
                        out.push((want, start..g[j].end));
                        for u in &mut used[i..=j] {
                            *u = true;
                        }
                        break;
                    }
                }
            }
        }
    }
    out
}

/// Words before an amount of money.
const AMOUNT_LABELS: &[&str] = &["€", "eur", "euro", "woz", "woz-waarde", "waarde", "ƒ"];
/// Words before a BSN.
const BSN_LABELS: &[&str] = &[
    "bsn",
    "sofi",
    "burgerservicenummer",
    "sofinummer",
    "bsn-nummer",
];

/// Whether the word before `start` (past spaces and a colon) is one of `labels`.
fn label_before(b: &[u8], start: usize, labels: &[&str]) -> bool {
    let mut k = start;
    while k > 0 && matches!(b[k - 1], b' ' | b':') {
        k -= 1;
    }
    let head = &b[..k];
    labels.iter().any(|l| {
        let l = l.as_bytes();
        head.len() >= l.len()
            && head[head.len() - l.len()..].eq_ignore_ascii_case(l)
            && (head.len() == l.len() || !is_word(head[head.len() - l.len() - 1]))
    })
}

/// Whether a number may end at `end`: not glued to a word, and not the whole part of an amount
/// (`12,50`) or a time (`10:30`).
fn closes_span(b: &[u8], end: usize) -> bool {
    match b.get(end) {
        None => true,
        Some(&c) if is_word(c) => false,
        Some(b',' | b':') => !b.get(end + 1).is_some_and(u8::is_ascii_digit),
        Some(_) => true,
    }
}

/// A phone number: Dutch (10 digits from 0, or +31 / 0031 and 9 digits, a `(0)` allowed), or
/// any international number written with `+`. Service numbers (0800, 090x) are not personal.
fn is_phone(digits: &[u8], plus: bool) -> bool {
    let national: Vec<u8> = if plus && digits.starts_with(b"31") {
        dutch_from(&digits[2..])
    } else if plus {
        // another country: a plausible international number
        return (9..=15).contains(&digits.len()) && digits[0] != b'0';
    } else if digits.starts_with(b"0031") {
        dutch_from(&digits[4..])
    } else {
        digits.to_vec()
    };
    national.len() == 10
        && national[0] == b'0'
        && national[1] != b'0'
        && !(national.starts_with(b"0800") || national.starts_with(b"090"))
}

fn dutch_from(rest: &[u8]) -> Vec<u8> {
    let rest = rest.strip_prefix(b"0").unwrap_or(rest);
    let mut v = vec![b'0'];
    v.extend_from_slice(rest);
    v
}

/// A BSN: nine digits passing the 11-check (9·d1 + 8·d2 + … + 2·d8 − d9 divisible by 11).
pub fn is_bsn(digits: &[u8]) -> bool {
    if digits.len() != 9
        || !digits.iter().all(u8::is_ascii_digit)
        || digits.iter().all(|&c| c == b'0')
    {
        return false;
    }
    let sum: i64 = digits
        .iter()
        .enumerate()
        .map(|(k, &c)| {
            let d = i64::from(c - b'0');
            if k == 8 { -d } else { d * (9 - k as i64) }
        })
        .sum();
    sum.rem_euclid(11) == 0
}

// ---- postcode with house number -----------------------------------------------------------

/// Short words that follow a year or number in ordinary sentences ("in 2026 is 12 ...").
const NOT_POSTCODE_LETTERS: &[&str] = &[
    "is", "en", "de", "op", "in", "om", "te", "al", "nu", "zo", "ja", "ik", "je", "we", "ze", "er",
    "na", "af", "uw", "of", "as", "at", "be", "by", "do", "go", "he", "if", "it", "me", "my", "no",
    "on", "or", "so", "to", "up", "us", "an", "am", "pm", "ca", "nr", "km", "cm", "mm", "kg", "ct",
    "ma", "di", "wo", "vr", "za", "tm", "eu", "hh", "uu",
];

fn addresses(b: &[u8]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i + 6 <= b.len() {
        let Some(letters_end) = postcode_at(b, i) else {
            i += 1;
            continue;
        };
        // house number after: "1102 AB 12", "1102AB12", "1102 AB, 12-3"
        let mut j = letters_end;
        let mut sep = 0;
        while j < b.len() && matches!(b[j], b' ' | b',') && sep < 2 {
            j += 1;
            sep += 1;
        }
        // "1102 AB nr 12", "1102AB nr. 12", "huisnr 12"
        for label in ["huisnummer", "huisnr.", "huisnr", "nr.", "nr", "no."] {
            let l = label.as_bytes();
            if b.get(j..j + l.len())
                .is_some_and(|w| w.eq_ignore_ascii_case(l))
                && !b.get(j + l.len()).is_some_and(u8::is_ascii_alphabetic)
            {
                j += l.len();
                while j < b.len() && b[j] == b' ' {
                    j += 1;
                }
                break;
            }
        }
        let after = house_number_at(b, j).map(|end| i..end);
        // house number before: "Kraaiennest 12, 1102 AB", "nr 12 1102AB"
        let before_nr = || {
            let mut k = i;
            let mut sep = 0;
            while k > 0 && matches!(b[k - 1], b' ' | b',') && sep < 2 {
                k -= 1;
                sep += 1;
            }
            if sep == 0 {
                return None;
            }
            // an optional letter suffix (12a), then 1-5 digits at the start of a word
            let mut s = k;
            if s > 0 && b[s - 1].is_ascii_alphabetic() {
                s -= 1;
            }
            let digits_end = s;
            while s > 0 && b[s - 1].is_ascii_digit() && digits_end - s < 5 {
                s -= 1;
            }
            let ok = s < digits_end && before(b, s).is_none_or(|c| !is_word(c));
            ok.then_some(s..letters_end)
        };
        match after.or_else(before_nr) {
            Some(r) => {
                i = r.end;
                out.push(r);
            }
            None => i += 1,
        }
    }
    out
}

/// A full postcode (`1102 AB`, `1102ab`) starting at `i`: the end of its letters.
fn postcode_at(b: &[u8], i: usize) -> Option<usize> {
    let digits = b.get(i..i + 4)?;
    if !digits.iter().all(u8::is_ascii_digit) || digits[0] == b'0' {
        return None;
    }
    if before(b, i).is_some_and(|c| is_word(c) || c == b'+') {
        return None;
    }
    let spaced = b.get(i + 4) == Some(&b' ');
    let l = if spaced { i + 5 } else { i + 4 };
    let letters = b.get(l..l + 2)?;
    if !letters.iter().all(u8::is_ascii_alphabetic)
        || b.get(l + 2).is_some_and(|c| c.is_ascii_alphabetic())
    {
        return None;
    }
    let upper = letters.iter().all(u8::is_ascii_uppercase);
    let word = std::str::from_utf8(letters)
        .unwrap_or("")
        .to_ascii_lowercase();
    if spaced && !upper && NOT_POSTCODE_LETTERS.contains(&word.as_str()) {
        return None;
    }
    Some(l + 2)
}

/// A house number (1-5 digits, then perhaps a letter or `-3`) at `j`: where it ends.
fn house_number_at(b: &[u8], j: usize) -> Option<usize> {
    let mut e = j;
    while e < b.len() && b[e].is_ascii_digit() && e - j < 5 {
        e += 1;
    }
    if e == j || b.get(e).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    // `10:30` is a time, `12,50` an amount
    if matches!(b.get(e), Some(b':' | b',')) && b.get(e + 1).is_some_and(u8::is_ascii_digit) {
        return None;
    }
    // a suffix: one letter (12a) or -digits (12-3)
    if b.get(e).is_some_and(u8::is_ascii_alphabetic)
        && !b.get(e + 1).is_some_and(u8::is_ascii_alphabetic)
    {
        e += 1;
    } else if b.get(e) == Some(&b'-') && b.get(e + 1).is_some_and(u8::is_ascii_digit) {
        e += 1;
        while e < b.len() && b[e].is_ascii_digit() {
            e += 1;
        }
    }
    if b.get(e).is_some_and(|&c| is_word(c)) {
        return None;
    }
    Some(e)
}

#[cfg(test)]
mod tests;
