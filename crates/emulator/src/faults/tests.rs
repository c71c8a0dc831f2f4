#![allow(clippy::unwrap_used, clippy::expect_used)]
use super::*;

#[test]
fn flags_parse() {
    assert_eq!(
        Fault::parse_error_flag("ConverseStream=Throttling:2").unwrap(),
        Fault::Error {
            operation: "ConverseStream".into(),
            error: ErrorKind::ThrottlingException,
            count: Some(2),
            message: None
        }
    );
    assert_eq!(
        Fault::parse_stream_break_flag("ConverseStream=3:drop").unwrap(),
        Fault::StreamBreak {
            operation: "ConverseStream".into(),
            after_chunks: 3,
            mode: BreakMode::Drop,
            exception: None,
            count: None
        }
    );
    assert!(Fault::parse_error_flag("Nope=ThrottlingException").is_err());
    assert!(Fault::parse_throttle_flag("Converse=1.5").is_err());
    assert!(Fault::parse_stream_break_flag("Converse=1").is_err());
}

#[test]
fn throttle_rate_is_deterministic() {
    let state = FaultState::new(vec![Fault::Throttle {
        operation: "Converse".into(),
        rate: 0.5,
    }]);
    let throttled: Vec<bool> = (0..6)
        .map(|_| {
            state
                .on_request("Converse", "bedrock:InvokeModel", String::new, "1")
                .error
                .is_some()
        })
        .collect();
    assert_eq!(throttled, [false, true, false, true, false, true]);
}

#[test]
fn counted_errors_expire() {
    let state = FaultState::new(vec![
        Fault::parse_error_flag("*=InternalServerException:2").unwrap()
    ]);
    let errors: Vec<bool> = (0..3)
        .map(|_| {
            state
                .on_request("Converse", "a:b", String::new, "1")
                .error
                .is_some()
        })
        .collect();
    assert_eq!(errors, [true, true, false]);
    assert!(state.list().is_empty());
}

#[test]
fn the_last_clock_skew_applies_and_is_bounded() {
    let state = FaultState::new(vec![]);
    assert_eq!(state.clock_skew(), 0);
    state.add(Fault::parse_clock_skew_flag("-600").unwrap());
    state.add(Fault::parse_clock_skew_flag(" 90 ").unwrap());
    assert_eq!(state.clock_skew(), 90);
    // Other faults leave the clock alone and the clock leaves calls alone.
    state.add(Fault::parse_latency_flag("*=0").unwrap());
    assert_eq!(state.clock_skew(), 90);
    assert!(state
        .on_request("Converse", "bedrock:InvokeModel", String::new, "arn")
        .error
        .is_none());
    state.clear();
    assert_eq!(state.clock_skew(), 0);
    assert!(Fault::parse_clock_skew_flag("ten minutes").is_err());
    assert!(Fault::ClockSkew {
        seconds: MAX_CLOCK_SKEW_S + 1
    }
    .validate()
    .is_err());
    assert!(Fault::ClockSkew {
        seconds: -MAX_CLOCK_SKEW_S
    }
    .validate()
    .is_ok());
    let json: Fault = serde_json::from_str(r#"{"type":"clockSkew","seconds":-600}"#).unwrap();
    assert_eq!(json, Fault::ClockSkew { seconds: -600 });
}
