"""Export jobs as resources (STYLE.md habit 7): POST → 202 with the job's URL; GET the job
→ status and progress; GET its download → the file (409 while it runs, 410 if it failed).

Anyone who can read the map may export it; the map comes through the one door
(``get_map_for_user``: invisible → 404)."""


from django.http import FileResponse
from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from legalmap.maps.selectors import get_map_for_user
from legalmap.parsers import LimitedJSONParser

from . import importers, services, uploads
from .formats import RENDERERS
from .models import Export


class ExportRequestSerializer(serializers.Serializer):
    format = serializers.ChoiceField(choices=Export.Format.choices)
    paper = serializers.ChoiceField(choices=Export.Paper.choices, default=Export.Paper.A4,
                                    help_text="Page size of a PDF.")


class ExportSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    download_url = serializers.SerializerMethodField()
    filename = serializers.SerializerMethodField()
    error = serializers.SerializerMethodField()
    requested_by = serializers.CharField(source="requested_by.username")

    class Meta:
        model = Export
        fields = ["id", "url", "format", "paper", "status", "progress", "requested_by",
                  "created_at", "finished_at", "filename", "download_url", "error"]

    def _path(self, export, suffix=""):
        return f"/api/maps/{export.map_id}/exports/{export.pk}/{suffix}"

    def get_url(self, export) -> str:
        return self.context["request"].build_absolute_uri(self._path(export))

    def get_download_url(self, export) -> str | None:
        if export.status != Export.Status.DONE:
            return None
        return self.context["request"].build_absolute_uri(self._path(export, "download/"))

    def get_filename(self, export) -> str:
        return services.export_filename(export)

    def get_error(self, export) -> str | None:
        return export.error if export.status == Export.Status.FAILED else None


class ExportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin,
                    viewsets.GenericViewSet):
    serializer_class = ExportSerializer
    pagination_class = None

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.map = get_map_for_user(request.user, kwargs["map_pk"])

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Export.objects.none()
        # The recent jobs of this map, whoever asked for them.
        return Export.objects.filter(map=self.map).select_related("map", "requested_by").order_by(
            "-created_at", "-id")[:20]

    def get_object(self):
        return get_object_or_404(
            Export.objects.select_related("map", "requested_by"), map=self.map,
            pk=self.kwargs["pk"])

    def create(self, request, *args, **kwargs):
        given = ExportRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        export = services.export_request(argument_map=self.map, actor=request.user,
                                         **given.validated_data)
        body = ExportSerializer(export, context=self.get_serializer_context()).data
        return Response(body, status=status.HTTP_202_ACCEPTED, headers={"Location": body["url"]})

    @action(detail=True, methods=["get"])
    def download(self, request, *args, **kwargs):
        export = self.get_object()
        if export.status == Export.Status.FAILED:
            return Response({"detail": export.error, "status": export.status},
                            status=status.HTTP_410_GONE)
        if export.status != Export.Status.DONE:
            body = ExportSerializer(export, context=self.get_serializer_context()).data
            return Response({"detail": "The export is not ready yet.", **body},
                            status=status.HTTP_409_CONFLICT,
                            headers={"Retry-After": "2", "Location": body["url"]})
        return FileResponse(export.file.open("rb"), as_attachment=True,
                            filename=services.export_filename(export),
                            content_type=RENDERERS[export.format].content_type)


class ImportView(APIView):
    """POST an AIF JSON or Argdown file (multipart ``file``; or AIF JSON itself as the body)
    → 201 with the new map; a malformed file → 400 naming the node, edge or line at fault,
    with nothing written."""

    parser_classes = [MultiPartParser, LimitedJSONParser]
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request={"multipart/form-data": {"type": "object", "required": ["file"], "properties": {
                     "file": {"type": "string", "format": "binary",
                              "description": "AIF JSON (.json) or Argdown (.argdown, .ad)."},
                     "format": {"type": "string", "enum": uploads.IMPORT_FORMATS,
                                "description": "The file's format (default: from its "
                                               "extension, else its content)."},
                     "title": {"type": "string",
                               "description": "Title of the new map (default: from the "
                                              "file)."}}},
                 "application/json": OpenApiTypes.OBJECT},
        parameters=[OpenApiParameter("title", OpenApiTypes.STR,
                                     description="Title of the new map (default: from the file).")],
        responses={201: OpenApiTypes.OBJECT,
                   400: OpenApiResponse(OpenApiTypes.OBJECT, description=(
                       'The file cannot be imported: {"file": ["line 7: …"]} for Argdown, '
                       '{"file": [\'Node "n3" …\']} for AIF; {"format": […]} for an unknown '
                       "format."))},
    )
    def post(self, request):
        upload = request.FILES.get("file")
        chosen = request.POST.get("format", "").strip().lower()
        title = request.query_params.get("title") or request.POST.get("title", "")
        try:
            if upload is None and chosen not in ("", "aif"):
                uploads.check_format(chosen)
                return Response({"file": ['Send the Argdown file as the multipart field '
                                          '"file".']}, status=status.HTTP_400_BAD_REQUEST)
            argument_map = (uploads.import_upload(upload=upload, owner=request.user,
                                                  chosen=chosen, title=title)
                            if upload is not None else
                            importers.aif_import(data=request.data, owner=request.user,
                                                 title=title))
        except uploads.UnknownFormat as error:
            return Response({"format": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        except importers.ImportRejected as error:
            return Response({"file": [str(error)]}, status=status.HTTP_400_BAD_REQUEST)
        url = request.build_absolute_uri(f"/api/maps/{argument_map.pk}/")
        return Response({"id": argument_map.pk, "url": url, "title": argument_map.title,
                         "nodes": argument_map.nodes.count(),
                         "links": argument_map.links.count()},
                        status=status.HTTP_201_CREATED, headers={"Location": url})
