"""Code generated from the endpoint table (see hoopai_calendars._codegen); do not edit."""
