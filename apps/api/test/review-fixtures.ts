// Material review cards are made from in tests: short paragraphs of real sentences, so the
// offline engine's cloze and recall questions have something to work with.
export const PHOTOSYNTHESIS = [
  'Photosynthesis is the process by which green plants use sunlight to make glucose.',
  'Chlorophyll absorbs light energy in the chloroplasts of the leaf.',
  'The light reactions split water molecules and release oxygen into the air.',
  'The Calvin cycle uses carbon dioxide from the air to build glucose.',
  'Stomata are small pores that let carbon dioxide into the leaf.',
  'Glucose stores chemical energy that the plant uses to grow.',
  'Chlorophyll reflects green light, which is why leaves look green.',
  'Oxygen produced by photosynthesis leaves the plant through the stomata.',
];

export const WATER_CYCLE = [
  'The water cycle moves water between the oceans, the air and the land.',
  'Evaporation turns liquid water from the oceans into water vapour.',
  'Condensation forms clouds when water vapour cools high in the atmosphere.',
  'Precipitation returns water to the ground as rain, snow or hail.',
  'Rivers carry runoff from the mountains back down to the oceans.',
  'Groundwater seeps slowly through porous rock called an aquifer.',
  'Transpiration releases water vapour from the leaves of plants.',
  'Glaciers store fresh water as ice for thousands of years.',
];

export const VOLCANOES = [
  'A volcano is an opening in the crust where molten rock escapes.',
  'Magma that reaches the surface is called lava.',
  'Tectonic plates that pull apart let magma rise at mid-ocean ridges.',
  'Shield volcanoes have gentle slopes built from runny basalt lava.',
  'Stratovolcanoes are steep cones of alternating ash and lava layers.',
  'Pyroclastic flows are fast avalanches of hot gas and volcanic ash.',
  'Volcanic ash can ground aeroplanes far from the eruption.',
  'Mount Vesuvius buried the Roman town of Pompeii in the year 79.',
];
