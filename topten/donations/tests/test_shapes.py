from topten.donations import shapes
from topten.donations.tests.conftest import recorded


class TestShapes:
    def test_a_2025_invoice_names_its_subscription_under_parent(self):
        invoice = recorded("evt_invoice_paid_first.json")["data"]["object"]
        payment = shapes.invoice(invoice)
        assert payment.subscription == "sub_1QMonthlyDonation000001"
        assert payment.payment_intent == ""  # looked up through the invoice payments API
        assert (payment.amount, payment.currency) == (1041, "EUR")

    def test_an_older_invoice_with_top_level_ids_is_read_too(self):
        invoice = recorded("evt_invoice_paid_first.json")["data"]["object"]
        del invoice["parent"]
        invoice.update(
            subscription="sub_old",
            payment_intent="pi_old",
            charge="ch_old",
            subscription_details={"metadata": {"donation_intent": "abc"}},
        )
        payment = shapes.invoice(invoice)
        assert (payment.subscription, payment.payment_intent, payment.charge) == (
            "sub_old",
            "pi_old",
            "ch_old",
        )
        assert payment.intent_id == "abc"

    def test_expanded_objects_are_read_by_their_id(self):
        session = recorded("evt_checkout_session_completed_payment.json")["data"]["object"]
        session["payment_intent"] = {"id": "pi_expanded", "object": "payment_intent"}
        assert shapes.checkout_session(session).payment_intent == "pi_expanded"
