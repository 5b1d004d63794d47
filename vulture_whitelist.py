"""Names vulture reports as unused that are used: by Django, a library or a template, through a
string (a dotted path in settings, a url name), or by the migrations vulture is told to skip.

Vulture's whitelist: a file that uses these names (`make lint` runs
`vulture backpain vulture_whitelist.py --min-confidence 60 --exclude "*/migrations/*"`).
A name listed here counts as used everywhere, so list only names that really are used, and
remove a line when its name goes.
"""

# ruff: noqa: B018  (each line is an attribute access that vulture reads as a use)


class _Whitelist:
    def __getattr__(self, name):
        return None


_ = _Whitelist()

# Settings, read by Django and the apps through django.conf.settings (backpain/settings.py).
_.ALLOWED_HOSTS
_.AUTHENTICATION_BACKENDS
_.AUTH_PASSWORD_VALIDATORS
_.AXES_CLIENT_IP_CALLABLE
_.AXES_COOLOFF_TIME
_.AXES_FAILURE_LIMIT
_.AXES_LOCKOUT_PARAMETERS
_.AXES_LOCKOUT_TEMPLATE
_.AXES_RESET_ON_SUCCESS
_.AXES_VERBOSE
# Read by Celery from django.conf.settings (namespace CELERY, backpain/celery.py).
_.CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP
_.CELERY_BROKER_TRANSPORT_OPTIONS
_.CELERY_ACCEPT_CONTENT
_.CELERY_RESULT_SERIALIZER
_.CELERY_TASK_ACKS_LATE
_.CELERY_TASK_ALWAYS_EAGER
_.CELERY_TASK_EAGER_PROPAGATES
_.CELERY_TASK_IGNORE_RESULT
_.CELERY_TASK_REJECT_ON_WORKER_LOST
_.CELERY_TASK_SERIALIZER
_.CELERY_WORKER_PREFETCH_MULTIPLIER
_.CELERY_WORKER_HIJACK_ROOT_LOGGER
_.CACHES
_.CONTENT_SECURITY_POLICY
_.CRISPY_ALLOWED_TEMPLATE_PACKS
_.CRISPY_FAIL_SILENTLY
_.CRISPY_TEMPLATE_PACK
_.CSRF_COOKIE_NAME
_.DJANGO_GUID
_.CSRF_COOKIE_SAMESITE
_.CSRF_COOKIE_SECURE
_.CSRF_TRUSTED_ORIGINS
_.DEFAULT_AUTO_FIELD
_.DEFAULT_FROM_EMAIL
_.EMAIL_TIMEOUT
_.INSTALLED_APPS
_.LANGUAGE_CODE
_.LOCALE_PATHS
_.LOGGING
_.LOGIN_REDIRECT_URL
_.LOGIN_URL
_.LOGOUT_REDIRECT_URL
_.MEDIA_ROOT
_.MESSAGE_STORAGE
_.MIDDLEWARE
_.ROOT_URLCONF
_.SECRET_KEY
_.SECURE_CONTENT_TYPE_NOSNIFF
_.SECURE_CROSS_ORIGIN_OPENER_POLICY
_.SECURE_HSTS_INCLUDE_SUBDOMAINS
_.SECURE_HSTS_PRELOAD
_.SECURE_HSTS_SECONDS
_.SECURE_PROXY_SSL_HEADER
_.SECURE_REFERRER_POLICY
_.SECURE_SSL_REDIRECT
_.SESSION_COOKIE_AGE
_.SESSION_COOKIE_HTTPONLY
_.SESSION_COOKIE_NAME
_.SESSION_COOKIE_SAMESITE
_.SESSION_COOKIE_SECURE
_.SESSION_EXPIRE_AT_BROWSER_CLOSE
_.STATIC_ROOT
_.STATIC_URL
_.STORAGES
_.TEMPLATES
_.USE_I18N
_.USE_TZ
_.WHITENOISE_AUTOREFRESH
_.WHITENOISE_SKIP_COMPRESS_EXTENSIONS
_.WHITENOISE_USE_FINDERS
_.WSGI_APPLICATION
_.X_FRAME_OPTIONS

# Named by a dotted path in settings: app configs, middleware, the authentication backend,
# the context processor, the admin site; the WSGI/ASGI entry points.
_.AccountsConfig
_.AuditConfig
_.ExportsConfig
_.NotesConfig
_.PatientsConfig
_.VisitsConfig
_.PhrasesConfig
_.EpisodesConfig
_.CoreConfig
_.ClinicAdminConfig
_.default_site
_.ClinicAdminSite
_.ClinicTimezoneMiddleware
_.ClinicLocaleMiddleware
_.NoStoreMiddleware
_.RefusedLookupAuditMiddleware
_.SessionTimeoutMiddleware
_.HealthCheckMiddleware
_.process_exception  # RefusedLookupAuditMiddleware
_.ClinicModelBackend
_.capabilities  # accounts/context_processors.py
_.phrases_json  # a template tag (phrases/templatetags/), used by templates/visits/step.html
_.application  # wsgi.py, asgi.py

# URL configuration (ROOT_URLCONF and include()).
_.urlpatterns
_.app_name

# The step forms and the studies formset, imported by dotted path (visits/steps.py).
_.HistoryForm
_.QuestionnairesForm
_.ExaminationForm
_.LabsForm
_.StudyFormSet
_.AssessmentForm
_.PlanForm

# Called by the migrations (accounts/migrations/0002, 0003, 0005) and tests/conftest.py.
_.sync_role_permissions

# AppConfig.ready, management commands' add_arguments, the deploy check's signature.
_.ready
_.add_arguments
_.app_configs  # notes/apps.py signing_certificate_check(app_configs, **kwargs)

# Signal receivers (connected by @receiver) and their keyword argument `sender`.
_.start_session_clock  # accounts/sessions.py
_.audit_refused_access  # audit/signals.py
_.audit_login
_.audit_logout
_.audit_login_failed
_.audit_lockout
_.visit_changed  # visits/signals.py
_.patient_changed
_.sender

# Model Meta options, choices members and columns (read by Django, the database, templates).
_.abstract
_.ordering
_.indexes
_.FEMALE  # patients/models.py Sex
_.MALE
_.OTHER
_.UNKNOWN
_.NEW  # visits/models/visit.py VisitType
_.POST_OP
_.created_by
_.updated_at
_.updated_by
_.intake_completed_by
_.assessed_at  # visits/models/stored_assessment.py
_.top_urgency_rank  # ordered on by visits/worklists.py: F("stored_assessment__top_urgency_rank")

# Forms: Meta options, clean_<field> hooks, declared fields, widget and field hooks.
_.widgets
_.field_classes
_.formfield_callback
_.other_diagnoses  # visits/forms/assessment.py, a form field
_.open_another  # visits/forms/open_visit.py, the same-day confirmation (a posted button)
_.clean_username
_.clean_old_password
_.clean_password
_.clean_mrn
_.clean_date_of_birth
_.clean_other_diagnoses
_.clean_date
_.clean_onset_date
_.clean_visit_date
_.clean_abbreviation  # phrases/forms.py
_.label_from_instance  # ModelChoiceField hook (visits/forms/open_visit.py, exports/forms.py)
_.format_value  # Widget hook (visits/forms/base.py TriStateRadio)
_.input_type  # Input widget attribute (core/date_range.py)

# Crispy forms: FormHelper attributes and a layout object's render() signature.
_.form_tag
_.disable_csrf
_.render_unmentioned_fields
_.template_pack

# The admin: ModelAdmin/UserAdmin options and overridden hooks, a list filter, an action.
_.ClinicAdmin
_.PhraseTemplateAdmin
_.FollowUpPointAdmin
_.change_list_template
_.get_list_display  # phrases/admin.py
_.get_exclude
_.AuditEventAdmin
_.list_display
_.list_select_related
_.search_fields
_.date_hierarchy
_.actions
_.add_form
_.add_form_template
_.get_fieldsets
_.get_list_filter
_.get_readonly_fields
_.has_add_permission
_.has_change_permission
_.has_delete_permission
_.delete_model
_.user_change_password  # UserAdmin's view, overridden to refuse: (request, id, form_url)
_.id
_.form_url
_.send_password_reset_link  # an admin action, named in `actions`
_.action_name  # a list_display column
_.parameter_name  # SimpleListFilter
_.lookups
_.site_header  # ClinicAdminSite
_.site_title
_.index_title
_.login_form
_.has_permission
_.current_app  # request.current_app, read by the admin's reverse() and templates

# Overrides and attributes that Django reads (accounts/passwords.py).
_.extra_email_context  # PasswordResetView
_.send_mail  # PasswordResetForm.send_mail(..., html_email_template_name=None)
_.html_email_template_name

# Library protocols: io.RawIOBase, zipfile.ZipInfo, WeasyPrint's URL fetcher.
_.writable  # exports/pdf_zip.py _Pipe
_.compress_type  # exports/pdf_zip.py
_.fetch  # notes/pdf.py NoteAssetFetcher.fetch(url, headers=None)
_.headers
_.timeout  # notes/pdf.py note_url_fetcher(url, timeout=10, ssl_context=None)
_.ssl_context

# Read by templates.
_.export_unfinished  # templates/audit/events.html
_.urgency_name  # templates/visits/home.html (QueueFlag)
_.when_loaded  # templates/visits/step.html (ConflictRow)
_.saved_now

# The signed PDF's verifier: used by tests (tests/notes/test_pades.py, tests/e2e,
# tests/security/test_t49_production_path.py).
_.check_pdf_signature

# backpain/clinical: pydantic's model_config, the `assess` command's options, and the
# properties the templates read (flag.evidence_words, gap.question).
_.model_config
_.requires_system_checks
_.requires_migrations_checks
_.evidence_words
_.question

# The engine's output fields, read by templates, exports and the JSON output (a flag's
# imaging_region by clinical/codes.py flag_action, as a JSON key).
_.also
_.imaging_region

# Episodes (backpain/episodes): a form's Meta help texts, a choices member and a column read by
# templates and the database, the planned follow-ups set on each episode for the patient page.
_.help_texts
_.PROCEDURE
_.closed_on
_.planned

# The course of treatment (backpain/episodes/models.py): response choices and the response's
# date and the stage, read by the timeline template and the database.
_.BETTER
_.SAME
_.response_on
_.stage
_.as_sqlite  # Django calls a Func per database vendor (visits/followups.py)
_.as_sql  # the Func's SQL on PostgreSQL (visits/followups.py)
_.output_field  # read by Django's expressions

# The audit page's one page of events (backpain/audit/views.py), read by its template.
_.has_next
_.has_previous
_.next_page_number
_.previous_page_number
_.start_index
_.end_index
_.default_renderer  # the form renderer Django's forms read (visits/forms/base.py)
# Celery calls a signal receiver by its connection (notes/tasks.py: pending PDFs queued when
# a worker starts).
_.queue_pending_at_worker_start
# Export jobs (backpain/exports/): beat's schedule, read by Celery from settings; the
# worker_ready receiver, called by Celery; the job's finish time, shown by the job page.
_.CELERY_BEAT_SCHEDULE
_.resume_export_jobs
_.finished_at
# WeasyPrint asks an HTML document for its user-agent stylesheets by name
# (backpain/notes/pdf_render.py).
_._ua_stylesheets
# Django's ModelBackend reads a user's own permissions from this cache (accounts/backends.py).
_._user_perm_cache
_._group_perm_cache
# crispy's FormHelper setting read when a form renders (visits/forms/base.py).
_.include_media
# Django's Form reads the order of its fields from this attribute (notes/forms.py).
_.field_order
# A prefetched queryset's rows, as Django's prefetch leaves them (core/prepared_queries.py).
_._prefetch_done
_._result_cache
# Used by the job tests (tests/celery_worker.py) and the bench (bench/export_job.py), which
# vulture does not read.
_.redis_answers
# A list page's number of pages, read by the patient list's template (core/pages.py).
_.num_pages
# Celery's celeryd_init receiver (backpain/celery.py).
_.yield_the_cpu_to_the_pages
