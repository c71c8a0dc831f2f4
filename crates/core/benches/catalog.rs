//! `Catalog::load` against the emulator with 100 ms of latency injected into every call and 300
//! application profiles (3 pages of 100), beside a baseline measured in the same run: the same
//! three listings made one after another with the raw SDK, as the reference app would. Also the
//! tag fetch (bounded concurrency vs one call after another) and a warm start from the disk cache.
//!
//! Run: `scripts/bench catalog [--runs N] [--markdown FILE]`
//! (or `cargo bench -p strata-core --bench catalog -- …`).

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use aws_sdk_bedrock::types::{InferenceProfileModelSource, InferenceProfileType};
use bedrock_emulator::{Emulator, EmulatorConfig, Fault, Seed};
use strata_core::aws::{sdk_config, Target};
use strata_core::catalog::{fetch_tags, Catalog, LoadOptions};
use strata_core::{CatalogService, DemoBedrock, RunMode, Settings};

const REGION: &str = "us-east-1";
const PROFILES: usize = 300;
const PAGE: i32 = 100;
const LATENCY_MS: u64 = 100;

struct Args {
    runs: usize,
    markdown: Option<String>,
}

fn args() -> Args {
    let mut args = Args {
        runs: 5,
        markdown: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--runs" => args.runs = it.next().and_then(|s| s.parse().ok()).expect("--runs N"),
            "--markdown" => args.markdown = it.next(),
            "--bench" => {}
            other => eprintln!("ignoring argument {other:?}"),
        }
    }
    args
}

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

async fn time<F, Fut>(runs: usize, mut f: F) -> Duration
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs {
        let start = Instant::now();
        f().await;
        samples.push(start.elapsed());
    }
    median(samples)
}

/// The reference app's way: one listing after another, every page.
async fn sequential(client: &aws_sdk_bedrock::Client) -> Vec<String> {
    client.list_foundation_models().send().await.unwrap();
    let mut arns = Vec::new();
    for kind in [
        InferenceProfileType::SystemDefined,
        InferenceProfileType::Application,
    ] {
        let mut next = None;
        loop {
            let out = client
                .list_inference_profiles()
                .type_equals(kind.clone())
                .max_results(PAGE)
                .set_next_token(next.take())
                .send()
                .await
                .unwrap();
            if kind == InferenceProfileType::Application {
                arns.extend(
                    out.inference_profile_summaries()
                        .iter()
                        .map(|p| p.inference_profile_arn().to_owned()),
                );
            }
            match out.next_token() {
                Some(t) => next = Some(t.to_owned()),
                None => break,
            }
        }
    }
    arns
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let args = args();
    let emulator = Emulator::start(EmulatorConfig::for_tests(Seed::Empty))
        .await
        .unwrap();
    let target = Target {
        region: REGION.into(),
        profile: None,
        endpoint_url: Some(emulator.endpoint()),
        demo: true,
    };
    let client = aws_sdk_bedrock::Client::new(&sdk_config(&target).await.expect("SDK config"));
    for i in 0..PROFILES {
        client
            .create_inference_profile()
            .inference_profile_name(format!("team-{i:03}"))
            .model_source(InferenceProfileModelSource::CopyFrom(format!(
                "arn:aws:bedrock:{REGION}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
            )))
            .tags(
                aws_sdk_bedrock::types::Tag::builder()
                    .key("Project")
                    .value(format!("P{i}"))
                    .build()
                    .unwrap(),
            )
            .send()
            .await
            .unwrap();
    }
    emulator
        .add_fault(Fault::Latency {
            operation: "*".into(),
            ms: LATENCY_MS,
        })
        .unwrap();
    let options = LoadOptions {
        application_profiles: true,
        page_size: PAGE,
    };
    let runs = args.runs;
    eprintln!("measuring: {PROFILES} application profiles, pages of {PAGE}, {LATENCY_MS} ms per call, median of {runs} runs");

    let baseline_list = time(runs, || async {
        sequential(&client).await;
    })
    .await;
    let strata_list = time(runs, || async {
        Catalog::load(&client, &target, options).await.unwrap();
    })
    .await;
    // What the app really asks for: pages of 1,000, so 300 profiles are one round trip.
    let strata_default_pages = time(runs, || async {
        let options = LoadOptions {
            application_profiles: true,
            ..LoadOptions::default()
        };
        Catalog::load(&client, &target, options).await.unwrap();
    })
    .await;

    // With tags: the baseline asks for them one profile after another (one run: it is slow).
    let baseline_tags = time(1, || async {
        let arns = sequential(&client).await;
        for arn in arns {
            client
                .list_tags_for_resource()
                .resource_arn(arn)
                .send()
                .await
                .unwrap();
        }
    })
    .await;
    let strata_tags = time(runs.min(3), || async {
        let catalog = Catalog::load(&client, &target, options).await.unwrap();
        let tags = fetch_tags(&client, &target, catalog.application_profile_arns()).await;
        assert!(tags.iter().all(|(_, r)| r.is_ok()));
    })
    .await;

    // A warm start: a new service (as after a restart) answering from the disk cache.
    let cache = tempfile::tempdir().unwrap();
    let settings = Settings {
        enable_inference_profiles: true,
        region: Some(REGION.into()),
        ..Settings::default()
    };
    let demo = || DemoBedrock::external(emulator.endpoint());
    let warm_up = CatalogService::new(
        RunMode::from_switches(["--demo"], None),
        settings.clone(),
        Some(cache.path().to_owned()),
        demo(),
    )
    .with_page_size(PAGE);
    warm_up.refresh().await;
    warm_up.load_tags().await;
    let warm = time(runs * 4, || async {
        let service = CatalogService::new(
            RunMode::from_switches(["--demo"], None),
            settings.clone(),
            Some(cache.path().to_owned()),
            demo(),
        );
        let (list, _) = service.cached().await;
        assert_eq!(
            list.catalog.unwrap().stats.application_profiles,
            PROFILES as u32
        );
    })
    .await;
    emulator.shutdown().await;

    let rows = [
        (
            "list, pages of 100 for both (3 calls, every page)",
            ms(strata_list),
            ms(baseline_list),
            "≤ 0.5×",
        ),
        (
            "list, Strata's pages of 1,000 vs the baseline's 100",
            ms(strata_default_pages),
            ms(baseline_list),
            "≤ 0.5×",
        ),
        (
            "list + tags of 300 profiles",
            ms(strata_tags),
            ms(baseline_tags),
            "≤ 0.7×",
        ),
    ];
    let mut table = String::from(
        "| catalog load | Strata (ms) | sequential SDK baseline (ms) | ratio | target |\n|---|---:|---:|---:|---|\n",
    );
    for (name, ours, base, target) in rows {
        table.push_str(&format!(
            "| {name} | {ours:.0} | {base:.0} | {:.2}× | {target} |\n",
            ours / base
        ));
    }
    table.push_str(&format!(
        "| warm start from the disk cache (300 profiles with tags) | {:.2} | – | – | < 20 ms |\n",
        ms(warm)
    ));
    println!("{table}");
    if let Some(path) = args.markdown {
        std::fs::write(&path, &table).unwrap();
        eprintln!("wrote {path}");
    }
}
