#![allow(clippy::unwrap_used)]

use super::*;

fn draft() -> BudgetDraft {
    BudgetDraft {
        name: "project-alpha-monthly".into(),
        monthly_usd: 100.0,
        tag: Some(Tag {
            key: "Project".into(),
            value: "Alpha".into(),
        }),
        emails: vec!["lead@example.com".into()],
        thresholds_percent: vec![],
    }
}

fn refused(d: &BudgetDraft) -> String {
    match check_budget(d) {
        Err(e) => {
            assert_eq!(e.kind(), crate::error::ErrorKind::Validation);
            assert!(e.hint().is_some(), "{e:?} has no hint");
            e.message().to_owned()
        }
        Ok(()) => panic!("{d:?} was accepted"),
    }
}

#[test]
fn the_guides_budget_passes_with_the_default_thresholds() {
    assert!(check_budget(&draft()).is_ok());
    assert_eq!(effective_thresholds(&draft()), [80.0, 100.0]);
    let silent = BudgetDraft {
        emails: vec![],
        ..draft()
    };
    assert!(effective_thresholds(&silent).is_empty());
}

#[test]
fn each_refusal_names_its_field() {
    let cases: Vec<(BudgetDraft, &str)> = vec![
        (
            BudgetDraft {
                name: String::new(),
                ..draft()
            },
            "Budget name",
        ),
        (
            BudgetDraft {
                name: "a".repeat(101),
                ..draft()
            },
            "Budget name",
        ),
        (
            BudgetDraft {
                name: "alpha:monthly".into(),
                ..draft()
            },
            "Budget name",
        ),
        (
            BudgetDraft {
                name: "alpha\\monthly".into(),
                ..draft()
            },
            "Budget name",
        ),
        (
            BudgetDraft {
                monthly_usd: 0.0,
                ..draft()
            },
            "Monthly limit",
        ),
        (
            BudgetDraft {
                monthly_usd: -5.0,
                ..draft()
            },
            "Monthly limit",
        ),
        (
            BudgetDraft {
                monthly_usd: f64::NAN,
                ..draft()
            },
            "Monthly limit",
        ),
        (
            BudgetDraft {
                monthly_usd: 10.005,
                ..draft()
            },
            "Monthly limit",
        ),
        (
            BudgetDraft {
                tag: Some(Tag {
                    key: "aws:Project".into(),
                    value: "A".into(),
                }),
                ..draft()
            },
            "Tag key",
        ),
        (
            BudgetDraft {
                tag: Some(Tag {
                    key: "Project".into(),
                    value: String::new(),
                }),
                ..draft()
            },
            "Tag value",
        ),
        (
            BudgetDraft {
                tag: Some(Tag {
                    key: "Project".into(),
                    value: "Alpha,Beta".into(),
                }),
                ..draft()
            },
            "Tag value",
        ),
        (
            BudgetDraft {
                emails: vec!["lead at example.com".into()],
                ..draft()
            },
            "E-mail",
        ),
        (
            BudgetDraft {
                emails: vec!["a@b.com".into(), "A@b.com".into()],
                ..draft()
            },
            "E-mail",
        ),
        (
            BudgetDraft {
                emails: (0..11).map(|i| format!("p{i}@example.com")).collect(),
                ..draft()
            },
            "E-mail",
        ),
        (
            BudgetDraft {
                thresholds_percent: vec![0.0],
                ..draft()
            },
            "Threshold",
        ),
        (
            BudgetDraft {
                thresholds_percent: vec![1_000_001.0],
                ..draft()
            },
            "Threshold",
        ),
        (
            BudgetDraft {
                thresholds_percent: vec![80.0, 80.0],
                ..draft()
            },
            "Threshold",
        ),
        (
            BudgetDraft {
                thresholds_percent: (1..=11).map(f64::from).collect(),
                ..draft()
            },
            "Threshold",
        ),
        (
            BudgetDraft {
                emails: vec![],
                thresholds_percent: vec![50.0],
                ..draft()
            },
            "Threshold",
        ),
    ];
    for (d, field) in cases {
        let message = refused(&d);
        assert!(
            message.starts_with(field),
            "{message:?} should name {field}"
        );
    }
}

#[test]
fn limits_at_the_edges_pass() {
    assert!(check_budget(&BudgetDraft {
        name: "a".repeat(100),
        ..draft()
    })
    .is_ok());
    assert!(check_budget(&BudgetDraft {
        monthly_usd: 0.01,
        ..draft()
    })
    .is_ok());
    assert!(check_budget(&BudgetDraft {
        thresholds_percent: vec![0.5, 1_000_000.0],
        ..draft()
    })
    .is_ok());
    assert!(check_budget(&BudgetDraft {
        tag: None,
        emails: vec![],
        ..draft()
    })
    .is_ok());
}

#[test]
fn billing_alarms_are_checked_as_cloudwatch_does() {
    let ok = BillingAlarmDraft {
        name: "Project-Alpha-Bedrock-Cost-Alert".into(),
        threshold_usd: 100.0,
    };
    assert!(check_billing_alarm(&ok).is_ok());
    for bad in [
        BillingAlarmDraft {
            name: String::new(),
            ..ok.clone()
        },
        BillingAlarmDraft {
            name: "a".repeat(256),
            ..ok.clone()
        },
        BillingAlarmDraft {
            name: "bad\u{7}name".into(),
            ..ok.clone()
        },
    ] {
        let e = check_billing_alarm(&bad).unwrap_err();
        assert!(e.message().starts_with("Alarm name"), "{e:?}");
    }
    let e = check_billing_alarm(&BillingAlarmDraft {
        threshold_usd: 0.0,
        ..ok
    })
    .unwrap_err();
    assert!(e.message().starts_with("Threshold"), "{e:?}");
}

#[test]
fn filters_and_amounts_are_written_as_budgets_reads_them() {
    let tag = Tag {
        key: "Project".into(),
        value: "Alpha".into(),
    };
    assert_eq!(tag_filter_value(&tag), "user:Project$Alpha");
    assert_eq!(tag_of_filter("user:Project$Alpha"), Some(tag));
    assert_eq!(tag_of_filter("Project$Alpha"), None);
    assert_eq!(amount_text(100.0), "100");
    assert_eq!(amount_text(12.5), "12.5");
    assert_eq!(amount_text(0.01), "0.01");
}
