"""The survey keeps no records of its own: every figure is read from agreements, contributions,
filings, licences and organisations when the report is asked for (``services.survey_report``)."""
