## status: machine-drafted — needs review by a native speaker

cli-passphrase-file-unreadable = មិនអាចអានឯកសារពាក្យសម្ងាត់ { $path } បានទេ៖ { $reason }
cli-passphrase-needed = មិនបានផ្ដល់ពាក្យសម្ងាត់ទេ។ សូមប្រើ --passphrase-file FILE ឬអថេរបរិស្ថាន { $var }។
cli-prompt-passphrase = ពាក្យសម្ងាត់៖
cli-prompt-new-passphrase = ពាក្យសម្ងាត់ថ្មី៖
cli-vault-created = បានបង្កើតឃ្លាំងដែលបានអ៊ិនគ្រីបនៅក្នុង { $path }។ សូមរក្សាពាក្យសម្ងាត់ឱ្យមានសុវត្ថិភាព៖ វាមិនអាចយកមកវិញបានទេ។
cli-vault-info =
    ឃ្លាំង៖ { $path }
    លេខសម្គាល់៖ { $id }
    ទម្រង់៖ { $format }
    កំណត់ត្រា៖ { $records }
    ទំហំ៖ { $bytes } បៃ
    ការបង្កើតសោ៖ Argon2id, { $memory } MiB, { $iterations } ដង
cli-passphrase-changed = ពាក្យសម្ងាត់ត្រូវបានផ្លាស់ប្ដូរ។
cli-wipe-needs-yes = ការលុបនឹងលុបកំណត់ត្រាទាំងអស់នៅលើឧបករណ៍នេះ។ សូមដំណើរការម្ដងទៀតជាមួយ --yes ដើម្បីបញ្ជាក់។
cli-wipe-confirm = លុបកំណត់ត្រាទាំងអស់នៅក្នុង { $path } ឬ? បទសម្ភាសន៍ដែលមិនទាន់ធ្វើសមកាលកម្មនឹងបាត់បង់ជារៀងរហូត។ វាយ WIPE ដើម្បីបញ្ជាក់៖
cli-wipe-cancelled = គ្មានអ្វីត្រូវបានលុបទេ។
cli-vault-wiped = ឃ្លាំងនៅក្នុង { $path } ត្រូវបានលុប។
cli-answer-needs-value = សូមផ្ដល់តម្លៃ ឬ --dont-know ឬ --prefer-not។
cli-interview-heading = បទសម្ភាសន៍ { $id } — { $form } { $version } — { $status }
cli-state-value = (ចម្លើយ)
cli-state-dont_know = (មិនដឹង)
cli-state-prefer_not = (មិនចង់ឆ្លើយ)
cli-conflict-marker = {"  "}— ជម្លោះ៖ ឧបករណ៍ផ្សេងៗបានផ្ដល់ចម្លើយខុសៗគ្នា
