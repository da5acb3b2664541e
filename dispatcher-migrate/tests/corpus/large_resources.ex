defmodule Dispatcher do
  use Matcher
  define_accept_types [
    html: [ "text/html", "application/xhtml+html" ],
    json: [ "application/json", "application/vnd.api+json" ],
    any: [ "*/*" ]
  ]

  @any %{}
  @json %{ accept: %{ json: true } }
  @html %{ accept: %{ html: true } }

  #################################################################
  # domain.lisp: every resource type of mu-cl-resources
  #################################################################

  match "/accounts/*path", @json do
    forward conn, path, "http://resource/accounts/"
  end

  match "/administrative-units/*path", @json do
    forward conn, path, "http://cache/administrative-units/"
  end

  match "/agendas/*path", @json do
    forward conn, path, "http://cache/agendas/"
  end

  match "/agenda-items/*path", @json do
    forward conn, path, "http://resource/agenda-items/"
  end

  match "/bestuurseenheden/*path", @json do
    forward conn, path, "http://cache/bestuurseenheden/"
  end

  match "/bestuursorganen/*path", @json do
    forward conn, path, "http://cache/bestuursorganen/"
  end

  match "/classifications/*path", @json do
    forward conn, path, "http://resource/classifications/"
  end

  match "/concepts/*path", @json do
    forward conn, path, "http://cache/concepts/"
  end

  match "/concept-schemes/*path", @json do
    forward conn, path, "http://cache/concept-schemes/"
  end

  match "/contact-points/*path", @json do
    forward conn, path, "http://resource/contact-points/"
  end

  match "/decisions/*path", @json do
    forward conn, path, "http://cache/decisions/"
  end

  match "/documents/*path", @json do
    forward conn, path, "http://cache/documents/"
  end

  match "/document-types/*path", @json do
    forward conn, path, "http://resource/document-types/"
  end

  match "/events/*path", @json do
    forward conn, path, "http://cache/events/"
  end

  get "/files/:id/download", @any do
    forward conn, [], "http://file/files/" <> id <> "/download"
  end

  post "/files/*path", @any do
    forward conn, path, "http://file/files/"
  end

  delete "/files/*path", @any do
    forward conn, path, "http://file/files/"
  end

  match "/files/*path", @json do
    forward conn, path, "http://cache/files/"
  end

  match "/form-data/*path", @json do
    forward conn, path, "http://resource/form-data/"
  end

  match "/identifiers/*path", @json do
    forward conn, path, "http://cache/identifiers/"
  end

  get "/jobs/*path", @json do
    forward conn, path, "http://cache/jobs/"
  end

  match "/locations/*path", @json do
    forward conn, path, "http://resource/locations/"
  end

  match "/mandates/*path", @json do
    forward conn, path, "http://cache/mandates/"
  end

  match "/mandatarissen/*path", @json do
    forward conn, path, "http://cache/mandatarissen/"
  end

  match "/memberships/*path", @json do
    forward conn, path, "http://resource/memberships/"
  end

  match "/notifications/*path", @json do
    forward conn, path, "http://cache/notifications/"
  end

  match "/organizations/*path", @json do
    forward conn, path, "http://cache/organizations/"
  end

  match "/people/*path", @json do
    forward conn, path, "http://resource/people/"
  end

  match "/persons/*path", @json do
    forward conn, path, "http://cache/persons/"
  end

  match "/positions/*path", @json do
    forward conn, path, "http://cache/positions/"
  end

  match "/postal-addresses/*path", @json do
    forward conn, path, "http://resource/postal-addresses/"
  end

  match "/publications/*path", @json do
    forward conn, path, "http://cache/publications/"
  end

  get "/reports/*path", @json do
    forward conn, path, "http://cache/reports/"
  end

  match "/roles/*path", @json do
    forward conn, path, "http://resource/roles/"
  end

  match "/sessions-archive/*path", @json do
    forward conn, path, "http://cache/sessions-archive/"
  end

  match "/sites/*path", @json do
    forward conn, path, "http://cache/sites/"
  end

  match "/statuses/*path", @json do
    forward conn, path, "http://resource/statuses/"
  end

  put "/submissions/:id/submit", @json do
    forward conn, [], "http://submission/submissions/" <> id <> "/submit"
  end

  match "/submissions/*path", @json do
    forward conn, path, "http://cache/submissions/"
  end

  match "/tasks/*path", @json do
    forward conn, path, "http://cache/tasks/"
  end

  match "/themes/*path", @json do
    forward conn, path, "http://resource/themes/"
  end

  match "/vendors/*path", @json do
    forward conn, path, "http://cache/vendors/"
  end

  match "/werkingsgebieden/*path", @json do
    forward conn, path, "http://cache/werkingsgebieden/"
  end

  match "/zittingen/*path", @json do
    forward conn, path, "http://resource/zittingen/"
  end

  #################################################################
  # services
  #################################################################

  match "/sessions/*path", @json do
    forward conn, path, "http://login/sessions/"
  end

  match "/search/*path", @json do
    forward conn, path, "http://search/"
  end

  get "/export/:format", @any do
    forward conn, ["export", format], "http://export/"
  end

  #################################################################
  # frontend
  #################################################################

  match "/assets/*path", @any do
    forward conn, path, "http://frontend/assets/"
  end

  match "/*path", @html do
    forward conn, [], "http://frontend/index.html"
  end

  match "/*_", %{ last_call: true } do
    send_resp( conn, 404, "Route not found.  See config/dispatcher.ex" )
  end
end
