"""Dates as Japanese offices write them in both languages: ISO order, never US month/day."""

DATE_FORMAT = "Y-m-d"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%Y/%m/%d"]
NUMBER_GROUPING = 3
THOUSAND_SEPARATOR = ","
