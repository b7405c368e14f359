"""Licensing models: share classes, policies, requests, licences, royalties, distribution."""

from .classes import CompanyClassAssignment, ShareClass, ShareClassScheme
from .distribution import CompensationPolicy, DistributionRule, DistributionRun, PatentCost, StatementLine
from .licences import Invoice, Licence, LicensedAsset, RoyaltyReport, RoyaltyTerm
from .policies import LicenceRequest, LicensingPolicy

__all__ = [
    "ShareClassScheme", "ShareClass", "CompanyClassAssignment",
    "LicensingPolicy", "LicenceRequest",
    "Licence", "LicensedAsset", "RoyaltyTerm", "RoyaltyReport", "Invoice",
    "CompensationPolicy", "DistributionRule", "PatentCost", "DistributionRun", "StatementLine",
]
