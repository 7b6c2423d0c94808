//! Rules for choosing a new password (AUTH-02, AUTH-03).
//!
//! Length only, no composition rules, no expiry. A new password is refused when it is on the
//! common-password list (also with a few digits or symbols around it, or in "leet" spelling),
//! or when it is mostly made of words about this service: the council's name, "children",
//! "social", "assure", the user's own name. The password itself is never changed: no trimming,
//! no case folding, no truncation; lower-casing happens only on copies used for the checks.
//!
//! Only new passwords are checked. Signing in with an existing password never applies this
//! policy (the hash either matches or it does not).

use std::collections::HashSet;
use std::fmt;
use std::sync::OnceLock;

/// The block list: one lower-case password a line, `#` comments.
pub const COMMON_PASSWORDS_TXT: &str = include_str!("../data/common-passwords.txt");

/// Words every Assure password is checked against, whatever the caller passes.
pub const BUILTIN_CONTEXT_WORDS: &[&str] = &[
    "assure",
    "children",
    "social",
    "services",
    "service",
    "council",
    "safeguarding",
];

/// Parts of council names that say nothing about which council it is.
const CONTEXT_STOPWORDS: &[&str] = &[
    "and",
    "the",
    "of",
    "upon",
    "with",
    "city",
    "county",
    "borough",
    "metropolitan",
    "district",
    "royal",
];

/// Shortest context word that is looked for; shorter tokens ("uk", "gov") are ignored.
const MIN_CONTEXT_CHARS: usize = 4;

/// At most this many digits or symbols around a common password still count as that password
/// ("dragon2019", "!!monkey").
const MAX_DECORATION_CHARS: usize = 4;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PasswordPolicy {
    /// Fewest characters (Unicode scalar values, not bytes). 8, or 15 where a password is the
    /// only factor (ASVS 6.2.1).
    pub min_chars: usize,
    /// Most characters accepted. At least 64 (ASVS 6.2.9); 256 by default so passphrases fit
    /// and nobody hashes a megabyte.
    pub max_chars: usize,
}

impl Default for PasswordPolicy {
    fn default() -> Self {
        PasswordPolicy {
            min_chars: 8,
            max_chars: 256,
        }
    }
}

/// Why a new password was refused. [`fmt::Display`] gives the GOV.UK error-summary message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordProblem {
    Empty,
    TooShort {
        min: usize,
    },
    TooLong {
        max: usize,
    },
    /// On the common-password list (or a trivial variant of an entry).
    Common,
    /// Mostly made of a word about this service or this user.
    ContextWord {
        word: String,
    },
}

impl fmt::Display for PasswordProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PasswordProblem::Empty => f.write_str("Enter a password"),
            PasswordProblem::TooShort { min } => {
                write!(f, "Enter a password that is at least {min} characters long")
            }
            PasswordProblem::TooLong { max } => {
                write!(f, "Enter a password that is {max} characters or fewer")
            }
            PasswordProblem::Common => f.write_str(
                "Enter a different password. The one you entered is on a list of \
                 commonly used passwords, so it is easy to guess",
            ),
            PasswordProblem::ContextWord { word } => write!(
                f,
                "Enter a different password. The one you entered is mostly the word \u{2018}{word}\u{2019}, \
                 so it is easy to guess"
            ),
        }
    }
}

impl PasswordPolicy {
    /// A policy for accounts where the password is the only factor (no TOTP, no SSO).
    pub fn single_factor() -> Self {
        PasswordPolicy {
            min_chars: 15,
            ..PasswordPolicy::default()
        }
    }

    /// Checks a new password. `context_words` are words that must not make up most of it: the
    /// council's name, the user's name and email address. Built-in words ([`BUILTIN_CONTEXT_WORDS`])
    /// are always checked too. Multi-word entries ("Brighton & Hove City Council") are split.
    pub fn check(&self, password: &str, context_words: &[&str]) -> Result<(), PasswordProblem> {
        let length = password.chars().count();
        if length == 0 {
            return Err(PasswordProblem::Empty);
        }
        if length < self.min_chars {
            return Err(PasswordProblem::TooShort {
                min: self.min_chars,
            });
        }
        if length > self.max_chars {
            return Err(PasswordProblem::TooLong {
                max: self.max_chars,
            });
        }
        // Context first: "Brighton2025" is better explained by the council's name than by
        // "brighton" also being on the common list.
        if let Some(word) = self.context_word(password, context_words) {
            return Err(PasswordProblem::ContextWord { word });
        }
        if is_common_password(password) {
            return Err(PasswordProblem::Common);
        }
        Ok(())
    }

    /// The context word a password is mostly made of, if any.
    ///
    /// Every occurrence of every context word (also in leet spelling) is struck out; the
    /// password is "mostly that word" when what is left, spaces trimmed, is shorter than
    /// `min_chars`, has no letters at all, or is itself a common password.
    fn context_word(&self, password: &str, context_words: &[&str]) -> Option<String> {
        let lower: Vec<char> = password.chars().map(lower_one).collect();
        let variants = [
            lower.clone(),
            lower.iter().map(|&c| leet(c, 'i')).collect::<Vec<_>>(),
            lower.iter().map(|&c| leet(c, 'l')).collect::<Vec<_>>(),
        ];
        let words = context_tokens(context_words);
        let mut covered = vec![false; lower.len()];
        let mut first_hit: Option<String> = None;
        for word in &words {
            let w: Vec<char> = word.chars().collect();
            for v in &variants {
                if v.len() < w.len() {
                    continue;
                }
                for start in 0..=(v.len() - w.len()) {
                    if v[start..start + w.len()] == w[..] {
                        covered[start..start + w.len()].fill(true);
                        if first_hit.is_none() {
                            first_hit = Some(word.clone());
                        }
                    }
                }
            }
        }
        let word = first_hit?;
        let remainder: String = lower
            .iter()
            .zip(&covered)
            .filter(|(_, &c)| !c)
            .map(|(&ch, _)| ch)
            .collect();
        let remainder = remainder.trim();
        let mostly_word = remainder.chars().count() < self.min_chars
            || !remainder.chars().any(char::is_alphabetic)
            || is_common_password(remainder);
        mostly_word.then_some(word)
    }
}

/// Whether a password is on the block list, compared case-insensitively, also in "leet"
/// spelling (`p@55w0rd`) and with up to four digits or symbols before or after it
/// (`monkey2019`, `!dragon`).
pub fn is_common_password(password: &str) -> bool {
    let set = common_set();
    let lower: String = password.chars().map(lower_one).collect();
    let core = strip_decoration(&lower);
    let mut candidates = vec![lower.clone()];
    if let Some(core) = core {
        candidates.push(core.to_string());
    }
    for c in candidates.clone() {
        candidates.push(c.chars().map(|ch| leet(ch, 'i')).collect());
        candidates.push(c.chars().map(|ch| leet(ch, 'l')).collect());
    }
    candidates.iter().any(|c| set.contains(c.as_str()))
}

/// Every entry on the shipped block list.
pub fn common_passwords() -> impl Iterator<Item = &'static str> {
    COMMON_PASSWORDS_TXT
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn common_set() -> &'static HashSet<&'static str> {
    static SET: OnceLock<HashSet<&'static str>> = OnceLock::new();
    SET.get_or_init(|| common_passwords().collect())
}

/// The password without leading and trailing digits, symbols and spaces, when at most
/// [`MAX_DECORATION_CHARS`] were removed and at least four characters remain.
fn strip_decoration(lower: &str) -> Option<&str> {
    let core = lower.trim_matches(|c: char| !c.is_alphabetic());
    let removed = lower.chars().count() - core.chars().count();
    (removed > 0 && removed <= MAX_DECORATION_CHARS && core.chars().count() >= 4).then_some(core)
}

/// Lower-cases one character when that gives exactly one character, so positions line up.
fn lower_one(c: char) -> char {
    let mut l = c.to_lowercase();
    match (l.next(), l.next()) {
        (Some(first), None) => first,
        _ => c,
    }
}

/// Undoes common "leet" substitutions; `one` is what `1`, `!` and `|` stand for.
fn leet(c: char, one: char) -> char {
    match c {
        '0' => 'o',
        '1' | '!' | '|' => one,
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        _ => c,
    }
}

/// Built-in words plus the caller's, split on anything that is not a letter or digit,
/// lower-cased, without stopwords and short tokens, longest first, without repeats.
fn context_tokens(context_words: &[&str]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let all = BUILTIN_CONTEXT_WORDS.iter().chain(context_words.iter());
    for phrase in all {
        let lower: String = phrase.chars().map(lower_one).collect();
        for token in lower.split(|c: char| !c.is_alphanumeric()) {
            if token.chars().count() >= MIN_CONTEXT_CHARS
                && !CONTEXT_STOPWORDS.contains(&token)
                && !out.iter().any(|t| t == token)
            {
                out.push(token.to_string());
            }
        }
    }
    out.sort_by_key(|t| std::cmp::Reverse(t.chars().count()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pw: &str) -> Result<(), PasswordProblem> {
        PasswordPolicy::default().check(pw, &["Brighton & Hove City Council"])
    }

    #[test]
    fn table() {
        use PasswordProblem::*;
        let emoji_64: String = "horse 🐎 battery 🔋 staple ✨ "
            .repeat(4)
            .chars()
            .take(64)
            .collect();
        assert_eq!(emoji_64.chars().count(), 64);
        let cases: Vec<(&str, Result<(), PasswordProblem>)> = vec![
            ("", Err(Empty)),
            ("1234567", Err(TooShort { min: 8 })),
            ("abcdefg", Err(TooShort { min: 8 })),
            // Seven characters, but 21 bytes: length counts characters.
            ("ééééééé", Err(TooShort { min: 8 })),
            ("12345678", Err(Common)),
            ("password", Err(Common)),
            ("Password123", Err(Common)),
            ("PASSWORD123", Err(Common)),
            ("P@ssw0rd", Err(Common)),
            ("p@55w0rd!", Err(Common)),
            ("qwertyuiop", Err(Common)),
            ("iloveyou", Err(Common)),
            ("liverpool1", Err(Common)),
            ("monkey2019", Err(Common)),
            ("!!dragon!!", Err(Common)),
            ("letmein123", Err(Common)),
            (
                "childrenservices",
                Err(ContextWord {
                    word: "children".into(),
                }),
            ),
            (
                "ChildrenServices!",
                Err(ContextWord {
                    word: "children".into(),
                }),
            ),
            (
                "Ch1ldr3n2025",
                Err(ContextWord {
                    word: "children".into(),
                }),
            ),
            (
                "Brighton2025",
                Err(ContextWord {
                    word: "brighton".into(),
                }),
            ),
            (
                "brightonhove",
                Err(ContextWord {
                    word: "brighton".into(),
                }),
            ),
            (
                "Brighton20252025",
                Err(ContextWord {
                    word: "brighton".into(),
                }),
            ),
            (
                "socialwork",
                Err(ContextWord {
                    word: "social".into(),
                }),
            ),
            (
                "Assure-2025!",
                Err(ContextWord {
                    word: "assure".into(),
                }),
            ),
            (
                "assurepassword",
                Err(ContextWord {
                    word: "assure".into(),
                }),
            ),
            (
                "councilcouncil",
                Err(ContextWord {
                    word: "council".into(),
                }),
            ),
            // Passphrases that mention a context word are fine.
            ("my children love purple elephants", Ok(())),
            ("Brighton pier at midnight in June", Ok(())),
            ("correct horse battery staple", Ok(())),
            ("tangerine-kettle-orbit", Ok(())),
            ("Xk9#mQ2v", Ok(())),
            ("zebra quilt", Ok(())),
            // Any Unicode, spaces kept.
            (emoji_64.as_str(), Ok(())),
            ("пароль-медведь-ракета", Ok(())),
        ];
        for (pw, expected) in cases {
            assert_eq!(check(pw), expected, "{pw:?}");
        }
    }

    #[test]
    fn accepts_64_characters_and_more_up_to_the_maximum() {
        let policy = PasswordPolicy::default();
        let long: String = "🙂 a b c ".repeat(40).chars().take(256).collect();
        assert_eq!(long.chars().count(), 256);
        assert!(long.len() > 256, "bytes exceed characters");
        assert_eq!(policy.check(&long, &[]), Ok(()));
        let too_long = format!("{long}x");
        assert_eq!(
            policy.check(&too_long, &[]),
            Err(PasswordProblem::TooLong { max: 256 })
        );
    }

    #[test]
    fn exactly_the_minimum_is_enough() {
        let policy = PasswordPolicy::default();
        assert_eq!(policy.check("Xk9#mQ2v", &[]), Ok(()));
        assert_eq!(
            policy.check("Xk9#mQ2", &[]),
            Err(PasswordProblem::TooShort { min: 8 })
        );
        // Eight emoji are eight characters.
        assert_eq!(policy.check("🐎🔋✨🙂🐎🔋✨🙂", &[]), Ok(()));
    }

    #[test]
    fn no_composition_rules() {
        let policy = PasswordPolicy::default();
        for pw in [
            "onlylowercaseletters",
            "ONLYUPPERCASELETTERS",
            "9182736455463728",
            "spaces only between",
        ] {
            assert_eq!(policy.check(pw, &[]), Ok(()), "{pw}");
        }
    }

    #[test]
    fn the_password_is_not_altered_by_checking() {
        // Case and spaces are significant: the policy never hands back a changed password, and
        // two passwords differing only in case are both acceptable and distinct.
        let policy = PasswordPolicy::default();
        assert_eq!(policy.check(" Tangerine Kettle ", &[]), Ok(()));
        assert_eq!(policy.check("tangerine kettle", &[]), Ok(()));
    }

    #[test]
    fn single_factor_policy_wants_fifteen() {
        let policy = PasswordPolicy::single_factor();
        assert_eq!(
            policy.check("tangerine-kettl", &[]),
            Ok(()),
            "15 characters"
        );
        assert_eq!(
            policy.check("tangerine-kett", &[]),
            Err(PasswordProblem::TooShort { min: 15 })
        );
    }

    #[test]
    fn users_own_details_are_context() {
        let policy = PasswordPolicy::default();
        let ctx = ["Jane Smithson", "jane.smithson@brighton-hove.gov.uk"];
        assert_eq!(
            policy.check("smithson1234", &ctx),
            Err(PasswordProblem::ContextWord {
                word: "smithson".into()
            })
        );
        assert_eq!(
            policy.check("Jane Smithson!", &ctx),
            Err(PasswordProblem::ContextWord {
                word: "smithson".into()
            })
        );
        assert_eq!(policy.check("smithson walks the long dog", &ctx), Ok(()));
        // Short tokens ("uk", "gov", "jan") are ignored rather than striking out half of
        // every password.
        assert_eq!(policy.check("ukgov treacle sponge", &ctx), Ok(()));
    }

    #[test]
    fn context_words_ignore_stopwords() {
        let tokens = context_tokens(&["Royal Borough of Kingston upon Thames"]);
        assert!(tokens.contains(&"kingston".to_string()));
        assert!(tokens.contains(&"thames".to_string()));
        assert!(!tokens.contains(&"royal".to_string()));
        assert!(!tokens.contains(&"borough".to_string()));
        assert!(!tokens.contains(&"upon".to_string()));
        // Longest first, no repeats.
        let t = context_tokens(&["children", "Children"]);
        assert_eq!(t.iter().filter(|w| *w == "children").count(), 1);
        assert!(t
            .windows(2)
            .all(|w| w[0].chars().count() >= w[1].chars().count()));
    }

    #[test]
    fn messages_are_plain_english() {
        assert_eq!(PasswordProblem::Empty.to_string(), "Enter a password");
        assert_eq!(
            PasswordProblem::TooShort { min: 8 }.to_string(),
            "Enter a password that is at least 8 characters long"
        );
        assert_eq!(
            PasswordProblem::TooLong { max: 256 }.to_string(),
            "Enter a password that is 256 characters or fewer"
        );
        assert!(PasswordProblem::Common
            .to_string()
            .contains("commonly used passwords"));
        assert!(PasswordProblem::ContextWord {
            word: "children".into()
        }
        .to_string()
        .contains("\u{2018}children\u{2019}"));
        for p in [
            PasswordProblem::Empty,
            PasswordProblem::Common,
            PasswordProblem::TooShort { min: 8 },
        ] {
            let m = p.to_string();
            assert!(m.starts_with("Enter a"), "{m}");
            assert!(
                !m.ends_with('.'),
                "GOV.UK error messages have no full stop: {m}"
            );
        }
    }

    #[test]
    fn block_list_is_big_clean_and_lower_case() {
        let entries: Vec<&str> = common_passwords().collect();
        assert!(entries.len() >= 3000, "only {} entries", entries.len());
        let unique: HashSet<&str> = entries.iter().copied().collect();
        assert_eq!(unique.len(), entries.len(), "duplicates in the list");
        for e in &entries {
            assert_eq!(*e, e.to_lowercase(), "{e} is not lower case");
            assert_eq!(*e, e.trim(), "{e:?} has spaces around it");
        }
        let long_enough = entries.iter().filter(|e| e.chars().count() >= 8).count();
        assert!(
            long_enough >= 2000,
            "only {long_enough} entries are long enough to matter"
        );
        for must in [
            "123456",
            "password",
            "qwerty",
            "iloveyou",
            "password123",
            "12345678",
            "qwertyuiop",
            "letmein",
            "football",
            "sunshine",
        ] {
            assert!(unique.contains(must), "{must} missing");
        }
    }

    #[test]
    fn decoration_and_leet_variants() {
        assert!(is_common_password("Sunshine1"));
        assert!(is_common_password("5un5h1ne"));
        assert!(is_common_password("football!!"));
        // More than four extra characters is no longer "the same password".
        assert!(!is_common_password("sunshine-meadow-river"));
        // Short cores are not matched, so "abc" does not block everything ending in digits.
        assert!(strip_decoration("ab12345").is_none());
    }

    #[test]
    fn lowercasing_keeps_positions() {
        // 'İ' lower-cases to two characters; it is kept as is so indices still line up.
        assert_eq!(lower_one('İ'), 'İ');
        assert_eq!(lower_one('Ä'), 'ä');
        assert_eq!(
            PasswordPolicy::default().check("İstanbul bridge lights", &[]),
            Ok(())
        );
    }
}
