"""Default IANA time zone of each country the aggregator covers (ISO 3166 alpha-2)."""

__all__ = ["COUNTRY_TIMEZONES", "timezone_for_country"]

# One zone per country: where a country spans several zones, its capital's.
COUNTRY_TIMEZONES = {
    "DZ": "Africa/Algiers",
    "BH": "Asia/Bahrain",
    "KM": "Indian/Comoro",
    "DJ": "Africa/Djibouti",
    "EG": "Africa/Cairo",
    "IQ": "Asia/Baghdad",
    "JO": "Asia/Amman",
    "KW": "Asia/Kuwait",
    "LB": "Asia/Beirut",
    "LY": "Africa/Tripoli",
    "MR": "Africa/Nouakchott",
    "MA": "Africa/Casablanca",
    "EH": "Africa/El_Aaiun",
    "OM": "Asia/Muscat",
    "PS": "Asia/Gaza",
    "QA": "Asia/Qatar",
    "SA": "Asia/Riyadh",
    "SO": "Africa/Mogadishu",
    "SD": "Africa/Khartoum",
    "SS": "Africa/Juba",
    "SY": "Asia/Damascus",
    "TN": "Africa/Tunis",
    "AE": "Asia/Dubai",
    "YE": "Asia/Aden",
    "TR": "Europe/Istanbul",
    "IR": "Asia/Tehran",
    "FR": "Europe/Paris",
    "BE": "Europe/Brussels",
    "GB": "Europe/London",
    "DE": "Europe/Berlin",
    "US": "America/New_York",
}


def timezone_for_country(country: str | None) -> str | None:
    """The default zone of ``country``, or None when it is not covered."""
    if not country:
        return None
    return COUNTRY_TIMEZONES.get(country.upper())
