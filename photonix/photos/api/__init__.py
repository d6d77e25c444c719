"""The photos app's API: one router per subject, assembled here and mounted at /api/v1/."""

from ninja import Router

from photonix.photos.api import browse, libraries, maps, people, photos, processing

router = Router()
router.add_router("", libraries.router)
router.add_router("", photos.router)
router.add_router("", browse.router)
router.add_router("", maps.router)
router.add_router("", people.router)
router.add_router("", processing.router)
