"""Plain-text rendering of invoices."""
from invoicing.invoice import Invoice


def render(invoice: Invoice, width: int = 40) -> str:
    lines = [f"Invoice for {invoice.customer}".center(width), "-" * width]
    for item in invoice.lines:
        amount = str(item.subtotal(invoice.tier))
        label = f"{item.quantity} x {item.description}"
        if len(label) + len(amount) + 1 > width:
            label = label[: width - len(amount) - 4] + "..."
        lines.append(label.ljust(width - len(amount)) + amount)
    lines.append("-" * width)
    for name, value in (("net", invoice.net()), ("tax", invoice.tax()), ("total", invoice.gross())):
        lines.append(name.ljust(width - len(str(value))) + str(value))
    return "\n".join(lines)


def summary(invoices: list[Invoice]) -> dict[str, str]:
    by_customer = {}
    for invoice in invoices:
        by_customer[invoice.customer] = str(invoice.gross())
    return by_customer
