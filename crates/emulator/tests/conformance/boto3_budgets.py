"""boto3 against the emulator: describe a budget (and its notifications and subscribers) that
the AWS CLI created for Project=Alpha. Prints one JSON object for the Rust test to assert.

usage: python boto3_budgets.py ENDPOINT ACCOUNT_ID BUDGET_NAME
"""
import json
import sys

import boto3

endpoint, account, name = sys.argv[1], sys.argv[2], sys.argv[3]
budgets = boto3.client("budgets", region_name="us-east-1", endpoint_url=endpoint)
budget = budgets.describe_budget(AccountId=account, BudgetName=name)["Budget"]
notifications = budgets.describe_notifications_for_budget(AccountId=account, BudgetName=name)["Notifications"]
subscribers = budgets.describe_subscribers_for_notification(
    AccountId=account, BudgetName=name, Notification=notifications[0]
)["Subscribers"]
listed = [
    b["BudgetName"]
    for page in budgets.get_paginator("describe_budgets").paginate(AccountId=account, PaginationConfig={"PageSize": 1})
    for b in page["Budgets"]
]
try:
    budgets.describe_budget(AccountId=account, BudgetName="no-such-budget")
    missing = None
except budgets.exceptions.NotFoundException as error:
    missing = error.response["Error"]["Code"]
print(json.dumps({
    "name": budget["BudgetName"],
    "limit": budget["BudgetLimit"],
    "costFilters": budget["CostFilters"],
    "timeUnit": budget["TimeUnit"],
    "budgetType": budget["BudgetType"],
    "actual": budget["CalculatedSpend"]["ActualSpend"],
    "start_type": type(budget["TimePeriod"]["Start"]).__name__,
    "thresholds": [n["Threshold"] for n in notifications],
    "states": [n["NotificationState"] for n in notifications],
    "subscribers": subscribers,
    "listed": listed,
    "missing": missing,
}))
