## Device-to-device sync: why a session with a nearby device failed.

lan-protocol-bad = The other device is not a FieldScreen device of this team, or the connection was garbled. Nothing was changed.
lan-peer-not-member = The other device is not a member of this team. Nothing was exchanged.
lan-self-removed = This device was removed from the team. It no longer exchanges the team's work.
lan-refused-not-member = The other device refused: one of the two devices is not a member of this team (or was removed).
lan-refused = The other device stopped the sync. Nothing was lost.
lan-peer-unreachable = Cannot reach the other device ({ $reason }). Check that both are on the same Wi-Fi and that the other device is waiting.
lan-address-bad = "{ $address }" is not an address. Type it as the other device shows it, for example 192.168.1.5:47615.
lan-too-slow = The other device took too long, so the exchange was stopped. Nothing was lost; try again.
