//! Hostile and broken input (security requirement IMP-04): all fatal, none panic.

mod common;

use assure_cinxml::{CinErrorKind, Limits};
use common::*;

#[test]
fn billion_laughs_doctype_refused() {
    let e = fatal_of(read_fixture("billion_laughs.xml"));
    assert_eq!(e.kind, CinErrorKind::DocType);
    assert_eq!(e.line, 2);
    let msg = e.to_string();
    assert!(
        msg.starts_with("billion_laughs.xml line 2, (document): "),
        "{msg}"
    );
    assert!(msg.contains("DOCTYPE"), "{msg}");
}

#[test]
fn external_entity_doctype_refused() {
    let e = fatal_of(read_fixture("xxe_external.xml"));
    assert_eq!(e.kind, CinErrorKind::DocType);
}

#[test]
fn doctype_anywhere_refused() {
    // Even a harmless DOCTYPE, and even after the root has started (quick-xml reports it).
    let e = fatal_of(read_bytes(
        "d.xml",
        b"<!DOCTYPE Message><Message/>",
        Limits::default(),
    ));
    assert_eq!(e.kind, CinErrorKind::DocType);
}

#[test]
fn undeclared_entity_refused() {
    let e = fatal_of(read_fixture("undeclared_entity.xml"));
    assert_eq!(e.kind, CinErrorKind::UnknownEntity("nbsp".into()));
    assert_eq!(e.line, 4);
    assert_eq!(e.path, "Message/Children/Child/ChildIdentifiers/LAchildID");
}

#[test]
fn bad_character_reference_refused() {
    let xml = b"<Message><Children><Child><ChildIdentifiers><LAchildID>&#0;</LAchildID>\
        </ChildIdentifiers></Child></Children></Message>";
    let e = fatal_of(read_bytes("c.xml", xml, Limits::default()));
    assert!(matches!(e.kind, CinErrorKind::InvalidCharRef(_)), "{e}");
}

#[test]
fn depth_bomb_stopped() {
    let e = fatal_of(read_fixture("depth_bomb.xml"));
    assert_eq!(e.kind, CinErrorKind::DepthLimit { limit: 32 });
    assert_eq!(e.line, 5);
    assert!(e.path.starts_with("Message/Children/Child/d0/d1/"));
}

#[test]
fn depth_bomb_with_lower_limit_inside_header() {
    let limits = Limits {
        max_depth: 3,
        ..Limits::default()
    };
    // Message/Header/CollectionDetails/Year is 4 deep.
    let xml = b"<Message><Header><CollectionDetails><Year>2024</Year></CollectionDetails></Header></Message>";
    let e = fatal_of(read_bytes("h.xml", xml, limits));
    assert_eq!(e.kind, CinErrorKind::DepthLimit { limit: 3 });
}

#[test]
fn oversized_text_stopped() {
    let e = fatal_of(read_fixture("oversized_text.xml"));
    assert_eq!(e.kind, CinErrorKind::TextTooLong { limit: 10_000 });
    assert_eq!(e.path, "Message/Children/Child/ChildIdentifiers/LAchildID");
    assert!(e.to_string().starts_with(
        "oversized_text.xml line 4, Message/Children/Child/ChildIdentifiers/LAchildID: "
    ));
}

#[test]
fn text_split_by_entities_still_limited() {
    // Many small text pieces joined by entity references still count as one value.
    let mut xml = b"<Message><Children><Child><ChildIdentifiers><LAchildID>".to_vec();
    for _ in 0..4000 {
        xml.extend_from_slice(b"ab&amp;");
    }
    xml.extend_from_slice(b"</LAchildID></ChildIdentifiers></Child></Children></Message>");
    let e = fatal_of(read_bytes("t.xml", &xml, Limits::default()));
    assert_eq!(e.kind, CinErrorKind::TextTooLong { limit: 10_000 });
}

#[test]
fn giant_token_not_buffered() {
    // A 50 MB comment: stopped by the token cap long before quick-xml buffers it all.
    let mut xml = b"<Message><!--".to_vec();
    xml.resize(50 * 1024 * 1024, b'x');
    xml.extend_from_slice(b"--></Message>");
    let e = fatal_of(read_bytes(
        "g.xml",
        &xml,
        Limits {
            max_token_bytes: 1024 * 1024,
            ..Limits::default()
        },
    ));
    assert_eq!(e.kind, CinErrorKind::TokenTooLong { limit: 1024 * 1024 });

    // Same for a giant text run with no markup.
    let mut xml = b"<Message><Children>".to_vec();
    xml.resize(10 * 1024 * 1024, b'y');
    let e = fatal_of(read_bytes("g2.xml", &xml, Limits::default()));
    assert_eq!(e.kind, CinErrorKind::TokenTooLong { limit: 65_536 });
}

#[test]
fn element_count_limited() {
    let limits = Limits {
        max_elements: 20,
        ..Limits::default()
    };
    let xml = std::fs::read(fixture("gender_current_2022.xml")).unwrap();
    let e = fatal_of(read_bytes("e.xml", &xml, limits));
    assert_eq!(e.kind, CinErrorKind::ElementLimit { limit: 20 });
}

#[test]
fn episodes_per_child_limited() {
    let limits = Limits {
        max_episodes_per_child: 2,
        ..Limits::default()
    };
    let e = fatal_of(read_path(&fixture("multiple_episodes.xml"), limits));
    assert_eq!(e.kind, CinErrorKind::TooManyEpisodes { limit: 2 });
    assert_eq!(e.path, "Message/Children/Child/CINdetails");
}

#[test]
fn child_size_limited() {
    let limits = Limits {
        max_child_bytes: 500,
        ..Limits::default()
    };
    let all = read_path(&fixture("gender_current_2022.xml"), limits).unwrap();
    // The first child is ~2.5 KB; the reader stops inside it.
    assert!(all.records.is_empty());
    assert_eq!(
        all.fatal.unwrap().kind,
        CinErrorKind::ChildTooLarge { limit: 500 }
    );
}

#[test]
fn not_well_formed_refused() {
    let e = fatal_of(read_fixture("not_well_formed.xml"));
    assert!(matches!(e.kind, CinErrorKind::NotWellFormed(_)), "{e}");
    assert_eq!(e.line, 6);
    assert!(e.to_string().contains("</ChildIdentifier>"), "{e}");
}

#[test]
fn truncated_file_refused_after_complete_children() {
    let all = read_fixture("truncated.xml").unwrap();
    // The complete first child is delivered; the cut-off second one is a fatal error.
    assert_eq!(all.records.len(), 1);
    let e = all.fatal.unwrap();
    assert_eq!(e.kind, CinErrorKind::UnexpectedEof);
    assert_eq!(e.path, "Message/Children/Child/CINdetails");
}

#[test]
fn truncated_mid_tag_refused() {
    let e = fatal_of(read_fixture("truncated_mid_tag.xml"));
    assert_eq!(e.kind, CinErrorKind::UnexpectedEof, "{e}");
}

#[test]
fn missing_or_wrong_root() {
    let e = fatal_of(read_bytes("empty.xml", b"", Limits::default()));
    assert_eq!(e.kind, CinErrorKind::MissingMessage);
    let e = fatal_of(read_bytes(
        "ws.xml",
        b"  \n <!-- c --> \n",
        Limits::default(),
    ));
    assert_eq!(e.kind, CinErrorKind::MissingMessage);
    let e = fatal_of(read_bytes(
        "w.xml",
        b"<Census><Children/></Census>",
        Limits::default(),
    ));
    assert_eq!(e.kind, CinErrorKind::WrongRoot("Census".into()));
    let e = fatal_of(read_bytes("t.xml", b"hello <Message/>", Limits::default()));
    assert!(matches!(e.kind, CinErrorKind::NotWellFormed(_)));
}

#[test]
fn content_after_root_refused() {
    let e = fatal_of(read_bytes(
        "a.xml",
        b"<Message><Children/></Message><Message/>",
        Limits::default(),
    ));
    assert_eq!(e.kind, CinErrorKind::ContentAfterRoot);
    let ok = read_bytes(
        "b.xml",
        b"<Message/>\n<!-- trailing -->\n",
        Limits::default(),
    )
    .unwrap();
    assert!(ok.fatal.is_none());
}

#[test]
fn utf16_refused() {
    let mut le = vec![0xFF, 0xFE];
    for c in "<Message/>".encode_utf16() {
        le.extend_from_slice(&c.to_le_bytes());
    }
    assert_eq!(
        fatal_of(read_bytes("u.xml", &le, Limits::default())).kind,
        CinErrorKind::Utf16
    );
    let no_bom: Vec<u8> = "<Message/>"
        .encode_utf16()
        .flat_map(|c| c.to_be_bytes())
        .collect();
    assert_eq!(
        fatal_of(read_bytes("u.xml", &no_bom, Limits::default())).kind,
        CinErrorKind::Utf16
    );
}

#[test]
fn non_utf8_refused_naming_declared_encoding() {
    let xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><Message><Children><Child>\
        <ChildIdentifiers><LAchildID>Zo\xEB</LAchildID></ChildIdentifiers></Child></Children></Message>";
    let e = fatal_of(read_bytes("l.xml", xml, Limits::default()));
    assert_eq!(
        e.kind,
        CinErrorKind::NotUtf8 {
            declared: Some("ISO-8859-1".into())
        }
    );
    assert!(e.to_string().contains("ISO-8859-1"));
}

#[test]
fn garbage_never_panics() {
    // A crude fuzz: every prefix and some byte flips of a real fixture either read or fail
    // cleanly.
    let xml = std::fs::read(fixture("gender_current_2022.xml")).unwrap();
    for cut in (0..xml.len()).step_by(7) {
        let _ = read_bytes("p.xml", &xml[..cut], Limits::default());
    }
    let mut seed = 12345u64;
    for _ in 0..300 {
        let mut m = xml.clone();
        for _ in 0..4 {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let i = (seed >> 33) as usize % m.len();
            m[i] = (seed >> 13) as u8;
        }
        let _ = read_bytes("f.xml", &m, Limits::default());
    }
}
