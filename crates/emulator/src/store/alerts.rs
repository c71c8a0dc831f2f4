//! Budgets (account-wide, as AWS Budgets is a global service) and CloudWatch metric alarms (per
//! region), kept in the store and its state file. The wire shapes double as the stored form, so
//! what a client created is what it reads back.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Generation, Store};

/// `Spend`: an amount as a decimal string, and its unit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Spend {
    pub(crate) amount: String,
    pub(crate) unit: String,
}

/// `Notification` of a budget (its state is computed when described).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Notification {
    pub(crate) notification_type: String,
    pub(crate) comparison_operator: String,
    pub(crate) threshold: f64,
    #[serde(default = "percentage")]
    pub(crate) threshold_type: String,
}

fn percentage() -> String {
    "PERCENTAGE".into()
}

impl Notification {
    /// Whether two notifications are the same one (AWS identifies them by these fields).
    pub(crate) fn same_as(&self, other: &Notification) -> bool {
        self.notification_type == other.notification_type
            && self.comparison_operator == other.comparison_operator
            && self.threshold == other.threshold
            && self.threshold_type == other.threshold_type
    }
}

/// `Subscriber`: an e-mail address or an SNS topic.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Subscriber {
    pub(crate) subscription_type: String,
    pub(crate) address: String,
}

/// A notification with who it goes to.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct NotificationRecord {
    pub(crate) notification: Notification,
    pub(crate) subscribers: Vec<Subscriber>,
}

/// `ResourceTag` of a budget.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct ResourceTag {
    pub(crate) key: String,
    pub(crate) value: String,
}

/// One budget as created (its spend is computed from the cost records when described).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct BudgetRecord {
    pub(crate) name: String,
    pub(crate) limit: Spend,
    pub(crate) time_unit: String,
    pub(crate) budget_type: String,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub(crate) cost_filters: BTreeMap<String, Vec<String>>,
    /// Epoch seconds of the start of the budget's first period.
    pub(crate) period_start: i64,
    /// Epoch seconds of the last change.
    pub(crate) last_updated: i64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) notifications: Vec<NotificationRecord>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) resource_tags: Vec<ResourceTag>,
}

/// A CloudWatch `Dimension`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub(crate) struct Dimension {
    pub(crate) name: String,
    pub(crate) value: String,
}

/// One metric alarm as put (PutMetricAlarm replaces an alarm of the same name).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct AlarmRecord {
    pub(crate) name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    pub(crate) actions_enabled: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) alarm_actions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) ok_actions: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) insufficient_data_actions: Vec<String>,
    pub(crate) metric_name: String,
    pub(crate) namespace: String,
    pub(crate) statistic: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) dimensions: Vec<Dimension>,
    pub(crate) period: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) unit: Option<String>,
    pub(crate) evaluation_periods: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) datapoints_to_alarm: Option<i64>,
    pub(crate) threshold: f64,
    pub(crate) comparison_operator: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) treat_missing_data: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) tags: Vec<Dimension>,
    /// Epoch seconds (with milliseconds) of the last PutMetricAlarm.
    pub(crate) configuration_updated: f64,
    /// `INSUFFICIENT_DATA` until the metric has data: the emulator publishes no billing metric.
    pub(crate) state_value: String,
    pub(crate) state_reason: String,
    pub(crate) state_updated: f64,
}

impl Store {
    /// Every budget, by name.
    pub(crate) fn budgets(&self) -> Vec<BudgetRecord> {
        self.read().budgets.values().cloned().collect()
    }

    /// The budget named `name`.
    pub(crate) fn budget(&self, name: &str) -> Option<BudgetRecord> {
        self.read().budgets.get(name).cloned()
    }

    /// Adds `budget` unless one of its name exists (`Err(())` then).
    pub(crate) fn insert_budget(&self, budget: BudgetRecord) -> Result<Generation, ()> {
        let mut inner = self.write();
        if inner.budgets.contains_key(&budget.name) {
            return Err(());
        }
        inner.budgets.insert(budget.name.clone(), budget);
        inner.generation += 1;
        Ok(inner.generation)
    }

    /// Removes the budget named `name`; `None` when there is none.
    pub(crate) fn remove_budget(&self, name: &str) -> Option<Generation> {
        let mut inner = self.write();
        inner.budgets.remove(name)?;
        inner.generation += 1;
        Some(inner.generation)
    }

    /// The alarms of `region`, by name.
    pub(crate) fn alarms(&self, region: &str) -> Vec<AlarmRecord> {
        self.read()
            .alarms
            .get(region)
            .map(|alarms| alarms.values().cloned().collect())
            .unwrap_or_default()
    }

    /// Creates or replaces an alarm of `region`.
    pub(crate) fn put_alarm(&self, region: &str, alarm: AlarmRecord) -> Generation {
        let mut inner = self.write();
        inner
            .alarms
            .entry(region.to_owned())
            .or_default()
            .insert(alarm.name.clone(), alarm);
        inner.generation += 1;
        inner.generation
    }

    /// Deletes the named alarms of `region` if all exist; otherwise returns the first missing.
    pub(crate) fn delete_alarms(
        &self,
        region: &str,
        names: &[String],
    ) -> Result<Generation, String> {
        let mut inner = self.write();
        let alarms = inner.alarms.entry(region.to_owned()).or_default();
        if let Some(missing) = names.iter().find(|n| !alarms.contains_key(*n)) {
            return Err(missing.clone());
        }
        for name in names {
            alarms.remove(name);
        }
        if alarms.is_empty() {
            inner.alarms.remove(region);
        }
        inner.generation += 1;
        Ok(inner.generation)
    }
}
