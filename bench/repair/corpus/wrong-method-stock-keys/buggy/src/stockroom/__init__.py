"""Stock-room valuation."""
