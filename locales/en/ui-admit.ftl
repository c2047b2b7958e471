# The sync screen: admitting a device after comparing its fingerprint, and the operator token

syncview-operator-token-label = Operator token (only if the sync server asks for one)
syncview-waiting-title = Devices waiting to join
syncview-waiting-check = Check for waiting devices
syncview-waiting-none = No device is waiting.
syncview-fingerprint-label = Fingerprint
syncview-admit-one = Admit
syncview-admit-confirm = Does the new device show exactly these digits on its screen? Admit it only if they are the same.
syncview-admit-yes = Yes, the same: admit
syncview-joining-fingerprint = This device's fingerprint. Show it to your supervisor, who admits this device only if the digits are the same:
