//! `region`: the region in use, where it came from, and whether Bedrock is offered there.
//!
//! Where it came from is worked out by [`origin`], a pure function of the settings, the
//! environment (read through a closure) and the profile's `region`, in the order
//! `session::real_target` applies them, so it is tested without touching the process.

use crate::aws::{env_region, is_bedrock_region, BEDROCK_REGIONS, FALLBACK_REGION};
use crate::doctor::{Check, CheckId, CheckStatus, Ctx, FixAction};
use crate::session::DEMO_REGION;

/// Where the region in use came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Origin {
    /// Strata's Region setting (`--region` on the command line).
    Setting,
    /// `AWS_REGION` or `AWS_DEFAULT_REGION`.
    Variable(&'static str),
    /// The `region` of this profile in the AWS config.
    Profile(String),
    /// Demo mode's region, where the demo's profiles are.
    Demo,
    /// Nothing named one: us-east-1.
    Fallback,
}

impl Origin {
    /// In words: `AWS_REGION`, `region in profile dev of the AWS config`.
    pub(super) fn describe(&self) -> String {
        match self {
            Origin::Setting => "Strata's Region setting (Settings → AWS, or --region)".to_owned(),
            Origin::Variable(name) => (*name).to_owned(),
            Origin::Profile(name) => format!("region in profile {name} of the AWS config"),
            Origin::Demo => "demo mode's region, where the demo's profiles are".to_owned(),
            Origin::Fallback => format!(
                "the default, {FALLBACK_REGION}: no Region setting, AWS_REGION, AWS_DEFAULT_REGION \
                 or profile region"
            ),
        }
    }
}

/// The region in use and where it came from: the setting, else (demo mode) the demo's region,
/// else `AWS_REGION` / `AWS_DEFAULT_REGION` (read through `var`), else the profile's region
/// (`profile` is the profile's name and its `region`), else us-east-1.
pub(super) fn origin(
    setting: Option<&str>,
    demo: bool,
    var: impl Fn(&str) -> Option<String>,
    profile: Option<(&str, &str)>,
) -> (String, Origin) {
    if let Some(region) = setting.map(str::trim).filter(|r| !r.is_empty()) {
        return (region.to_owned(), Origin::Setting);
    }
    if demo {
        return (DEMO_REGION.to_owned(), Origin::Demo);
    }
    if let Some((name, region)) = env_region(var) {
        return (region, Origin::Variable(name));
    }
    if let Some((name, region)) = profile.filter(|(_, r)| !r.trim().is_empty()) {
        return (region.trim().to_owned(), Origin::Profile(name.to_owned()));
    }
    (FALLBACK_REGION.to_owned(), Origin::Fallback)
}

/// The partition a region name belongs to, by its prefix.
fn partition(region: &str) -> &'static str {
    if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else if region.starts_with("cn-") {
        "aws-cn"
    } else {
        "aws"
    }
}

/// Up to three Bedrock regions near `region`, in its partition: the same area and direction
/// first (`eu-west-9` → eu-west-1, eu-west-2, eu-west-3), then the same area; for an area
/// Bedrock does not serve at all, the partition's first regions.
pub(super) fn nearest(region: &str) -> Vec<&'static str> {
    let mut parts = region.split('-');
    let (area, direction) = (parts.next(), parts.next());
    let mut candidates: Vec<(u8, &'static str)> = BEDROCK_REGIONS
        .iter()
        .copied()
        .filter(|r| partition(r) == partition(region) && *r != region)
        .map(|r| {
            let mut theirs = r.split('-');
            let same_area = theirs.next() == area;
            let same_direction = theirs.next() == direction;
            (
                u8::from(same_area) * 2 + u8::from(same_area && same_direction),
                r,
            )
        })
        .collect();
    // Stable: equally near regions keep the list's order.
    candidates.sort_by_key(|(score, _)| std::cmp::Reverse(*score));
    let near: Vec<&'static str> = candidates
        .iter()
        .filter(|(score, _)| *score > 0)
        .map(|(_, r)| *r)
        .take(3)
        .collect();
    if near.is_empty() {
        candidates.iter().map(|(_, r)| *r).take(3).collect()
    } else {
        near
    }
}

/// The check for `region` that came from `origin`.
pub(super) fn assess(region: &str, origin: &Origin, demo: bool) -> Check {
    let from = origin.describe();
    let check = if is_bedrock_region(region) {
        Check::new(
            CheckId::Region,
            CheckStatus::Pass,
            format!("Region {region} (from {from}) is one where Amazon Bedrock is offered."),
        )
    } else {
        let near = nearest(region);
        let mut check = Check::new(
            CheckId::Region,
            CheckStatus::Fail,
            format!("Amazon Bedrock is not offered in {region} (from {from})."),
        )
        .with_fix(format!(
            "Choose a region where Bedrock runs (nearest: {}) in Settings → AWS → Region, or with \
             `--region` or AWS_REGION.",
            near.join(", ")
        ));
        if let Some(first) = near.first() {
            check = check.with_action(FixAction::SwitchRegion {
                region: (*first).to_owned(),
            });
        }
        check
    };
    let check = check
        .with_detail(format!("region: {region}"))
        .with_detail(format!("from: {from}"));
    if demo {
        check.with_detail("demo mode: the emulator answers for every region")
    } else {
        check
    }
}

/// `region` against the doctor's connection.
pub(super) async fn check(ctx: &Ctx) -> Check {
    let settings = ctx.catalog.settings().await;
    let session = ctx.session().await.ok();
    let demo = session.as_ref().is_some_and(|s| s.info.demo.is_some());
    let profile = if demo {
        None
    } else {
        Some(crate::aws::profile_view(settings.aws_profile.as_deref()).await)
    };
    let profile_region = profile
        .as_ref()
        .and_then(|p| Some((p.name.as_str(), p.keys.get("region")?.as_str())));
    let (computed, origin) = origin(
        settings.region.as_deref(),
        demo,
        |name| std::env::var(name).ok(),
        profile_region,
    );
    // The connection's own region is the truth; the origin explains it.
    let region = session.map_or(computed, |s| s.target.region.clone());
    assess(&region, &origin, demo)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |name| {
            pairs
                .iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| (*v).to_owned())
        }
    }

    #[test]
    fn the_setting_wins_then_the_environment_then_the_profile_then_us_east_1() {
        let both = env(&[
            ("AWS_REGION", "eu-west-1"),
            ("AWS_DEFAULT_REGION", "eu-west-2"),
        ]);
        let dev = Some(("dev", "ap-south-1"));
        assert_eq!(
            origin(Some("us-west-2"), false, &both, dev),
            ("us-west-2".to_owned(), Origin::Setting)
        );
        assert_eq!(
            origin(None, false, &both, dev),
            ("eu-west-1".to_owned(), Origin::Variable("AWS_REGION"))
        );
        assert_eq!(
            origin(
                None,
                false,
                env(&[("AWS_DEFAULT_REGION", "eu-west-2")]),
                dev
            ),
            (
                "eu-west-2".to_owned(),
                Origin::Variable("AWS_DEFAULT_REGION")
            )
        );
        assert_eq!(
            origin(None, false, env(&[]), dev),
            ("ap-south-1".to_owned(), Origin::Profile("dev".to_owned()))
        );
        assert_eq!(
            origin(None, false, env(&[("AWS_REGION", " ")]), None),
            ("us-east-1".to_owned(), Origin::Fallback)
        );
    }

    #[test]
    fn demo_mode_uses_its_region_unless_the_setting_names_one() {
        let both = env(&[("AWS_REGION", "eu-west-1")]);
        assert_eq!(
            origin(None, true, &both, Some(("dev", "ap-south-1"))),
            ("ap-northeast-1".to_owned(), Origin::Demo)
        );
        assert_eq!(
            origin(Some("us-east-2"), true, &both, None).1,
            Origin::Setting
        );
    }

    #[test]
    fn the_nearest_bedrock_regions_stay_in_the_area_and_the_partition() {
        assert_eq!(
            nearest("eu-west-9"),
            ["eu-west-1", "eu-west-2", "eu-west-3"]
        );
        assert_eq!(
            nearest("us-east-9"),
            ["us-east-1", "us-east-2", "us-west-1"]
        );
        assert_eq!(
            nearest("us-gov-central-1"),
            ["us-gov-east-1", "us-gov-west-1"]
        );
        assert_eq!(nearest("cn-south-1"), ["cn-north-1", "cn-northwest-1"]);
        assert_eq!(
            nearest("xx-north-1"),
            ["us-east-1", "us-east-2", "us-west-1"]
        );
    }

    #[test]
    fn a_region_without_bedrock_fails_with_a_switch_to_the_nearest() {
        let check = assess("eu-west-9", &Origin::Variable("AWS_REGION"), false);
        assert_eq!(check.status, CheckStatus::Fail);
        assert_eq!(
            check.finding,
            "Amazon Bedrock is not offered in eu-west-9 (from AWS_REGION)."
        );
        assert!(check
            .fix
            .as_deref()
            .unwrap_or("")
            .contains("eu-west-1, eu-west-2, eu-west-3"));
        assert_eq!(
            check.action,
            Some(FixAction::SwitchRegion {
                region: "eu-west-1".to_owned()
            })
        );
        let fine = assess("ap-northeast-1", &Origin::Demo, true);
        assert_eq!(fine.status, CheckStatus::Pass);
        assert!(fine
            .details
            .iter()
            .any(|d| d.starts_with("from: demo mode")));
    }
}
